import { randomUUID } from "node:crypto";
import type { Sql } from "@/lib/db/sql";
import { logger } from "@/lib/log";
import { fenceParams, type Lease } from "@/lib/publishing/lease-fence";
import type { PublishablePost } from "@/lib/publishing/networks/types";
import type { TargetChannel } from "@/lib/publishing/publish-post";
import { type StoredPostMedia, signPostMedia } from "@/lib/publishing/sign-post-media";

const log = logger("worker:lease");

/** What a successful claim hands the publisher: the post as claimed, its channels, its publication if any. */
export type ClaimedPost = {
  /** The post, its library media in order with signed URLs (signPostMedia). */
  post: PublishablePost;
  /** The post's channels in this workspace, ordered by id. */
  channels: TargetChannel[];
  /** The publication an earlier attempt of this version created, or null on the first attempt. */
  publicationId: string | null;
  /** This claim's fencing token: every later write for the publication requires it (lib/publishing/lease-fence.ts). */
  lease: Lease;
};

// Compare-and-set claim of (id, workspace, version) if SCHEDULED, or PUBLISHING with a lapsed lease, writing a new
// owner token and the next epoch (the fence); returns the claimed post with its channels and any publication of
// this version, and its library media in order (items of its own workspace only), in one round trip.
const CLAIM = `
WITH claimed AS (
  UPDATE "Post" SET status = 'PUBLISHING', "leaseUntil" = $5, "updatedAt" = $4,
    "leaseOwner" = $6, "leaseEpoch" = "leaseEpoch" + 1
  WHERE id = $1 AND "workspaceId" = $2 AND version = $3
    AND (status = 'SCHEDULED' OR (status = 'PUBLISHING' AND ("leaseUntil" IS NULL OR "leaseUntil" < $4)))
  RETURNING id, "workspaceId", content, COALESCE("mediaUrls", '{}') AS "mediaUrls", COALESCE(tags, '{}') AS tags,
    "scheduledAt", "leaseEpoch"
)
SELECT p.*,
  (SELECT pub.id FROM "Publication" pub WHERE pub."postId" = p.id AND pub."postVersion" = $3) AS "publicationId",
  COALESCE((
    SELECT json_agg(json_build_object('id', c.id, 'platform', c.platform, 'displayName', c."displayName",
      'config', c.config, 'credentialsEnc', c."credentialsEnc", 'active', c.active,
      'needsReconnectReason', c."needsReconnectReason", 'content', pc.content) ORDER BY c.id)
    FROM "PostChannel" pc JOIN "Channel" c ON c.id = pc."channelId"
    WHERE pc."postId" = p.id AND c."workspaceId" = p."workspaceId"
  ), '[]') AS channels,
  COALESCE((
    SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'kind', m.kind, 'mimeType', m."mimeType",
      'bytes', m.bytes, 'sha256', m.sha256, 'width', m.width, 'height', m.height, 'durationMs', m."durationMs",
      'storageKey', m."storageKey", 'thumbnailKey', m."thumbnailKey", 'altText', pm."altText") ORDER BY pm.position)
    FROM "PostMedia" pm JOIN "MediaItem" m ON m.id = pm."mediaId"
    WHERE pm."postId" = p.id AND m."workspaceId" = p."workspaceId"
  ), '[]') AS media
FROM claimed p`;

// Moves the lease of a post we still hold (same owner and epoch, PUBLISHING) to $1: later to renew it, now to give
// it back. A worker that lost the post to a takeover changes nothing.
const SET_LEASE = `
UPDATE "Post" SET "leaseUntil" = $1, "updatedAt" = $2
WHERE id = $3 AND "leaseOwner" = $4 AND "leaseEpoch" = $5 AND status = 'PUBLISHING'`;

/**
 * Compare-and-set claim of one post version for publishing: a SCHEDULED post, or a PUBLISHING one whose previous
 * holder's lease ran out (that worker died or gave it back). Null when this caller did not get the lease. The post's
 * library media come with signed public URLs (signPostMedia).
 */
export async function claimPostLease({
  sql,
  postId,
  workspaceId,
  version,
  now,
  leaseMs,
}: {
  sql: Sql;
  postId: string;
  workspaceId: string;
  version: number;
  now: Date;
  leaseMs: number;
}): Promise<ClaimedPost | null> {
  const owner = randomUUID();
  const until = new Date(now.getTime() + leaseMs);
  const { rows } = await sql.query(CLAIM, [postId, workspaceId, version, now, until, owner]);
  const row = rows[0];
  if (!row) return null;
  const { publicationId, channels, leaseEpoch, ...post } = row;
  const lease: Lease = { postId, version, owner, epoch: leaseEpoch };
  // Signed once per claim, after it (no database access: presigning and HMAC are local computations).
  const { media, ...rest } = post as Omit<PublishablePost, "media"> & { media: StoredPostMedia[] };
  const signed = { ...rest, media: await signPostMedia({ media, now }) };
  return { post: signed, channels: channels as TargetChannel[], publicationId, lease };
}

/** Keeps this claim's lease alive while a publication runs; call the returned function to stop. */
export function keepLeaseAlive({
  sql,
  lease,
  leaseMs,
  now,
}: {
  sql: Sql;
  lease: Lease;
  leaseMs: number;
  now: () => Date;
}): () => void {
  const { postId, version } = lease;
  const timer = setInterval(
    () => {
      const at = now();
      sql
        .query(SET_LEASE, [new Date(at.getTime() + leaseMs), at, ...fenceParams(lease)])
        .then((renewed) => {
          if (renewed.rowCount === 0) log.warn(lease, "lease renewal found the post changed or taken over");
        })
        .catch((err: unknown) => log.error({ postId, version, err }, "lease renewal failed"));
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Gives the post back (still PUBLISHING, lease expired now) so a retry of its job can claim it at once; a claim
 * that was taken over gives back nothing.
 */
export async function releasePostLease({ sql, lease, now }: { sql: Sql; lease: Lease; now: Date }) {
  await sql.query(SET_LEASE, [now, now, ...fenceParams(lease)]);
}
