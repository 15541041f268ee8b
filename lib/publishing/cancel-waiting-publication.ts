import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { PostStatus, PublicationStatus } from "@/lib/generated/prisma/enums";
import { inFlightConflict, isInFlight } from "@/lib/publishing/in-flight-conflict";

// The channels of the publication that are still PENDING: a request whose answer never came (in flight when its
// worker died) may have gone out, so it becomes UNCONFIRMED; the others were never sent and become CANCELLED. The
// last transient error is kept after the reason.
const CANCEL_RESULTS = `
UPDATE "PublicationResult" r SET
  status = (CASE WHEN r."inFlightSince" IS NULL THEN 'CANCELLED' ELSE 'UNCONFIRMED' END)::"ResultStatus",
  "errorMessage" = CASE WHEN r."inFlightSince" IS NULL THEN $3 ELSE $4 END
    || COALESCE(' (last error: ' || r."errorMessage" || ')', ''),
  "inFlightSince" = NULL
FROM "Publication" p
WHERE r."publicationId" = p.id AND p."postId" = $1 AND p."postVersion" = $2 AND r.status = 'PENDING'`;

/**
 * Takes back a PUBLISHING post whose lease has lapsed: it waits for a retry (or its worker died). In one
 * transaction: compare-and-set (id, workspace, version, PUBLISHING, lease lapsed) bumps the version, so its queued
 * retry finds a newer version and drops itself and a worker's claim can no longer match; the publication's
 * PENDING channels become CANCELLED (UNCONFIRMED when a request was in flight: it may have gone out); the
 * publication settles — SUCCEEDED/PARTIAL when a channel had already succeeded (the post is then PUBLISHED, counted
 * like any run), else CANCELLED (the post goes back to DRAFT, unscheduled). `deletedAt` also soft-deletes the post.
 * Throws ApiError conflict (409, details.retryAfterMs) when a worker holds the lease: a request is in flight.
 * The caller removes the queued job afterwards (best-effort; a job left behind is stale).
 */
export async function cancelWaitingPublication({
  db,
  workspaceId,
  postId,
  version,
  reason,
  now = new Date(),
  deletedAt = null,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
  version: number;
  /** Why, for each cancelled channel: "the post was unscheduled", "the post was deleted". */
  reason: string;
  now?: Date;
  deletedAt?: Date | null;
}): Promise<{ status: PostStatus; publicationStatus: PublicationStatus | null }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.post.updateMany({
      where: {
        id: postId,
        workspaceId,
        version,
        status: "PUBLISHING",
        deletedAt: null,
        OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }],
      },
      data: { version: version + 1, leaseUntil: null, updatedAt: now },
    });
    if (count === 0) {
      const current = await tx.post.findFirst({
        where: { id: postId, workspaceId },
        select: { status: true, version: true, leaseUntil: true },
      });
      if (current?.version === version && isInFlight(current, now)) {
        throw inFlightConflict({ id: postId, ...current }, now, "take back");
      }
      throw new ApiError("conflict", "Post changed meanwhile; reload and try again");
    }
    await tx.$executeRawUnsafe(
      CANCEL_RESULTS,
      postId,
      version,
      `cancelled: ${reason} before this channel was sent`,
      `${reason} while a request's answer was outstanding: it may have been published; check the channel`,
    );
    const publication = await tx.publication.findUnique({
      where: { postId_postVersion: { postId, postVersion: version } },
      include: { results: { select: { status: true, publishedAt: true } } },
    });
    const results = publication?.results ?? [];
    const succeeded = results.filter((r) => r.status === "SUCCEEDED").length;
    const publicationStatus: PublicationStatus =
      succeeded === 0 ? "CANCELLED" : succeeded === results.length ? "SUCCEEDED" : "PARTIAL";
    if (publication) {
      await tx.publication.update({
        where: { id: publication.id },
        data: { status: publicationStatus, finishedAt: now },
      });
    }
    const status: PostStatus = succeeded > 0 ? "PUBLISHED" : "DRAFT";
    const lastPublishedAt = new Date(Math.max(0, ...results.map((r) => r.publishedAt?.getTime() ?? 0)));
    await tx.post.update({
      where: { id: postId },
      data:
        succeeded > 0
          ? { status, publishCount: { increment: 1 }, lastPublishedAt, deletedAt, draftReason: null }
          : { status, scheduledAt: null, deletedAt, draftReason: null },
    });
    return { status, publicationStatus: publication ? publicationStatus : null };
  });
}
