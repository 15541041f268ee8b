import type { Sql } from "@/lib/db/sql";
import type { PublicationStatus } from "@/lib/generated/prisma/enums";
import type { ChannelOutcome } from "@/lib/publishing/publish-post";

/**
 * Outcome of a publication from its channels:
 * - every channel SUCCEEDED → publication SUCCEEDED, post PUBLISHED;
 * - some SUCCEEDED, others FAILED/UNCONFIRMED → publication PARTIAL, post PUBLISHED (it is out in the world;
 *   the failed channels are visible on the publication's results);
 * - none SUCCEEDED (or no channels) → publication FAILED, post FAILED.
 */
export function publicationStatusOf(outcomes: ChannelOutcome[]): PublicationStatus {
  const succeeded = outcomes.filter((o) => o.status === "SUCCEEDED").length;
  if (succeeded === 0) return "FAILED";
  return succeeded === outcomes.length ? "SUCCEEDED" : "PARTIAL";
}

// Fails every still-PENDING result of a publication (keeping its last error, if any) and returns all its results.
const FAIL_PENDING = `
WITH failed AS (
  UPDATE "PublicationResult" SET status = 'FAILED', "inFlightSince" = NULL,
    "errorMessage" = COALESCE("errorMessage", 'gave up after the last attempt')
  WHERE "publicationId" = $1 AND status = 'PENDING'
  RETURNING "channelId", status, "errorMessage"
)
SELECT * FROM failed
UNION ALL SELECT "channelId", status, "errorMessage" FROM "PublicationResult" WHERE "publicationId" = $1 AND status <> 'PENDING'`;

// Settles the post (compare-and-set on id, version, PUBLISHING; count and time only when published) and its
// publication, atomically as one statement; returns the publication's id (none: it no longer exists).
const FINISH = `
WITH post AS (
  UPDATE "Post" SET status = $4::"PostStatus", "leaseUntil" = NULL, "updatedAt" = $6,
    "publishCount" = "publishCount" + CASE WHEN $5 THEN 1 ELSE 0 END,
    "lastPublishedAt" = CASE WHEN $5 THEN $6 ELSE "lastPublishedAt" END
  WHERE id = $1 AND version = $2 AND status = 'PUBLISHING' AND EXISTS (SELECT 1 FROM "Publication" WHERE id = $3)
)
UPDATE "Publication" SET status = $7::"PublicationStatus", "finishedAt" = $6 WHERE id = $3 RETURNING id`;

/** Final attempt: channels still PENDING after a transient error fail with their last error message. */
export async function failPendingResults({ sql, publicationId }: { sql: Sql; publicationId: string }) {
  const { rows } = await sql.query<ChannelOutcome>(FAIL_PENDING, [publicationId]);
  return rows;
}

/**
 * Settles the post and its publication in one statement. The post update is compare-and-set on
 * (id, version, PUBLISHING): if the post was changed meanwhile, nothing is overwritten. publishCount and
 * lastPublishedAt move only when at least one channel published.
 */
export async function finishPublication({
  sql,
  postId,
  version,
  publicationId,
  outcomes,
  now,
}: {
  sql: Sql;
  postId: string;
  version: number;
  publicationId: string;
  outcomes: ChannelOutcome[];
  now: Date;
}): Promise<PublicationStatus> {
  const status = publicationStatusOf(outcomes);
  const published = status !== "FAILED";
  const params = [postId, version, publicationId, published ? "PUBLISHED" : "FAILED", published, now, status];
  const { rowCount } = await sql.query(FINISH, params);
  if (rowCount === 0) throw new Error(`publication ${publicationId} no longer exists`);
  return status;
}
