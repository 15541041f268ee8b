import type { Sql } from "@/lib/db/sql";
import type { PublicationStatus } from "@/lib/generated/prisma/enums";
import { fenceCte, fencedQuery, type Lease } from "@/lib/publishing/lease-fence";
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

// Fails every still-PENDING result of a publication (keeping its last error, if any) and returns all its results,
// while the claim ($2..$4, lib/publishing/lease-fence.ts) is still ours.
const FAIL_PENDING = `
WITH ${fenceCte(2)}, failed AS (
  UPDATE "PublicationResult" SET status = 'FAILED', "inFlightSince" = NULL,
    "errorMessage" = COALESCE("errorMessage", 'gave up after the last attempt'),
    "errorKind" = COALESCE("errorKind", 'transient')
  WHERE "publicationId" = $1 AND status = 'PENDING' AND EXISTS (SELECT 1 FROM fence)
  RETURNING "channelId", status, "errorMessage"
)
SELECT * FROM failed
UNION ALL SELECT "channelId", status, "errorMessage" FROM "PublicationResult"
  WHERE "publicationId" = $1 AND status <> 'PENDING' AND EXISTS (SELECT 1 FROM fence)`;

// Settles the post (compare-and-set on id, version, PUBLISHING and this claim's owner and epoch, $8..$10 as
// lib/publishing/lease-fence.ts's fenceParams; count and time
// only when published) and then its publication, atomically as one statement; returns the publication's id
// (none: the claim was taken over, or the publication no longer exists).
const FINISH = `
WITH post AS (
  UPDATE "Post" SET status = $4::"PostStatus", "leaseUntil" = NULL, "updatedAt" = $6,
    "publishCount" = "publishCount" + CASE WHEN $5 THEN 1 ELSE 0 END,
    "lastPublishedAt" = CASE WHEN $5 THEN $6 ELSE "lastPublishedAt" END
  WHERE id = $1 AND version = $2 AND status = 'PUBLISHING' AND id = $8 AND "leaseOwner" = $9 AND "leaseEpoch" = $10
    AND EXISTS (SELECT 1 FROM "Publication" WHERE id = $3)
  RETURNING id
)
UPDATE "Publication" SET status = $7::"PublicationStatus", "finishedAt" = $6
WHERE id = $3 AND EXISTS (SELECT 1 FROM post) RETURNING id`;

/**
 * Final attempt: channels still PENDING after a transient error fail with their last error message.
 * Throws StaleLeaseError (nothing written) when `lease` was taken over.
 */
export async function failPendingResults({
  sql,
  publicationId,
  lease,
}: {
  sql: Sql;
  publicationId: string;
  lease: Lease;
}) {
  const { rows } = await fencedQuery<ChannelOutcome>(sql, lease, FAIL_PENDING, [publicationId], "fail pending", {
    publicationId,
  });
  return rows;
}

/**
 * Settles the post and its publication in one statement. The post update is compare-and-set on
 * (id, version, PUBLISHING, the claim's owner and epoch): if the post was changed or taken over meanwhile, nothing
 * is overwritten (StaleLeaseError when the claim is no longer ours). publishCount and lastPublishedAt move only when
 * at least one channel published.
 */
export async function finishPublication({
  sql,
  lease,
  publicationId,
  outcomes,
  now,
}: {
  sql: Sql;
  lease: Lease;
  publicationId: string;
  outcomes: ChannelOutcome[];
  now: Date;
}): Promise<PublicationStatus> {
  const status = publicationStatusOf(outcomes);
  const published = status !== "FAILED";
  const { postId, version } = lease;
  const params = [postId, version, publicationId, published ? "PUBLISHED" : "FAILED", published, now, status];
  const { rowCount } = await fencedQuery(sql, lease, FINISH, params, "finish", {
    publicationId,
  });
  if (rowCount === 0) throw new Error(`publication ${publicationId} no longer exists`);
  return status;
}
