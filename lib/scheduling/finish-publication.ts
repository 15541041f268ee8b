import type { Db } from "@/lib/db/prisma";
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

/** Final attempt: channels still PENDING after a transient error fail with their last error message. */
export async function failPendingResults({ db, publicationId }: { db: Db; publicationId: string }) {
  await db.publicationResult.updateMany({
    where: { publicationId, status: "PENDING", errorMessage: null },
    data: { errorMessage: "gave up after the last attempt" },
  });
  await db.publicationResult.updateMany({
    where: { publicationId, status: "PENDING" },
    data: { status: "FAILED", inFlightSince: null },
  });
  const rows = await db.publicationResult.findMany({ where: { publicationId } });
  return rows.map(
    (r) => ({ channelId: r.channelId, status: r.status, errorMessage: r.errorMessage }) as ChannelOutcome,
  );
}

/**
 * Settles the post and its publication in one transaction. The post update is compare-and-set on
 * (id, version, PUBLISHING): if the post was changed meanwhile, nothing is overwritten. publishCount and
 * lastPublishedAt move only when at least one channel published.
 */
export async function finishPublication({
  db,
  postId,
  version,
  publicationId,
  outcomes,
  now,
}: {
  db: Db;
  postId: string;
  version: number;
  publicationId: string;
  outcomes: ChannelOutcome[];
  now: Date;
}): Promise<PublicationStatus> {
  const status = publicationStatusOf(outcomes);
  const published = status !== "FAILED";
  await db.$transaction([
    db.post.updateMany({
      where: { id: postId, version, status: "PUBLISHING" },
      data: published
        ? { status: "PUBLISHED", leaseUntil: null, publishCount: { increment: 1 }, lastPublishedAt: now }
        : { status: "FAILED", leaseUntil: null },
    }),
    db.publication.update({ where: { id: publicationId }, data: { status, finishedAt: now } }),
  ]);
  return status;
}
