import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import type { PostMediaRowInput } from "@/lib/posts/load-post-media";
import { publishJobSpec } from "@/lib/queue/publish-job-spec";
import { publishJobId } from "@/lib/queue/publish-queue";

const log = logger("api:import");

/** Posts written per transaction and jobs per `addBulk`. */
export const IMPORT_BATCH_SIZE = 1_000;
/** How long one batch's `addBulk` may take before the batch is rolled back (503). */
const ADD_BULK_TIMEOUT_MS = 15_000;

export type ImportedPostInput = {
  content: string;
  channelIds: readonly string[];
  instant: Date;
  zone: string;
  tags: readonly string[];
  media: readonly PostMediaRowInput[];
};

/**
 * The bulk schedule path: writes `posts` (already checked, channels and media this workspace's) SCHEDULED at
 * version 1 — the state and version createScheduledPost leaves a post in — `batchSize` per transaction, and adds
 * each batch's jobs with ONE `queue.addBulk` inside that transaction, with the single path's job ids, delays and
 * options (publishJobSpec: `publish-<postId>-v1`), so the sweeper and the processor's version check treat them
 * exactly like posts scheduled one by one. With `review` (approvals on, the caller lacks posts:approve) they are
 * written IN_REVIEW at version 1 with a SUBMITTED comment each and no job, as createScheduledPost does.
 *
 * All or nothing: a batch whose insert or addBulk fails rolls back (a Redis that refuses or does not answer within
 * ADD_BULK_TIMEOUT_MS is 503) and its jobs are removed; the batches already committed are then deleted again and
 * their jobs removed, so a failed import leaves nothing behind. Returns the new post ids in input order.
 */
export async function writeImportedPosts({
  db,
  queue,
  workspaceId,
  posts,
  createdByUserId = null,
  review = null,
  now,
  batchSize = IMPORT_BATCH_SIZE,
}: {
  db: Db;
  queue: Queue | null;
  workspaceId: string;
  posts: readonly ImportedPostInput[];
  createdByUserId?: string | null;
  review?: ReviewSubmission | null;
  now: Date;
  batchSize?: number;
}): Promise<string[]> {
  if (!review && !queue) throw new Error("writeImportedPosts: scheduling needs a queue");
  const written: string[] = [];
  try {
    for (let start = 0; start < posts.length; start += batchSize) {
      const batch = posts.slice(start, start + batchSize).map((post) => ({ id: randomUUID(), ...post }));
      await writeBatch({ db, queue, workspaceId, batch, createdByUserId, review, now });
      written.push(...batch.map((p) => p.id));
    }
  } catch (err) {
    if (written.length > 0) {
      log.error({ error: (err as Error).message, written: written.length }, "import failed; removing its posts");
      await db.post.deleteMany({ where: { workspaceId, id: { in: written } } });
      if (queue && !review) await removeJobs(queue, written);
    }
    throw err;
  }
  return written;
}

async function writeBatch({
  db,
  queue,
  workspaceId,
  batch,
  createdByUserId,
  review,
  now,
}: {
  db: Db;
  queue: Queue | null;
  workspaceId: string;
  batch: (ImportedPostInput & { id: string })[];
  createdByUserId: string | null;
  review: ReviewSubmission | null;
  now: Date;
}) {
  let sent = false;
  try {
    await db.$transaction(
      async (tx) => {
        // One statement per table (unnest of column arrays): Prisma's createMany of 1,000 posts took most of the
        // import's time (bench/RESULTS.md "Bulk import"). Tags are ragged, so each row's go as a JSON array.
        const status = review ? "IN_REVIEW" : "SCHEDULED";
        await tx.$executeRaw`
          INSERT INTO "Post" ("id", "workspaceId", "createdByUserId", "content", "tags", "status", "scheduledAt",
                              "timezone", "version", "updatedAt")
          SELECT v.id, ${workspaceId}, ${createdByUserId}::text, v.content,
                 ARRAY(SELECT jsonb_array_elements_text(v.tags::jsonb)), ${status}::"PostStatus", v.at, v.zone, 1, now()
          FROM unnest(
            ${batch.map((p) => p.id)}::text[],
            ${batch.map((p) => p.content)}::text[],
            ${batch.map((p) => JSON.stringify([...new Set(p.tags)]))}::text[],
            ${batch.map((p) => p.instant.toISOString())}::timestamptz[],
            ${batch.map((p) => p.zone)}::text[]
          ) AS v(id, content, tags, at, zone)`;
        const links = batch.flatMap((p) => p.channelIds.map((channelId) => ({ postId: p.id, channelId })));
        await tx.$executeRaw`
          INSERT INTO "PostChannel" ("postId", "channelId")
          SELECT * FROM unnest(${links.map((l) => l.postId)}::text[], ${links.map((l) => l.channelId)}::text[])`;
        const media = batch.flatMap((p) => p.media.map((m) => ({ ...m, postId: p.id })));
        if (media.length > 0) await tx.postMedia.createMany({ data: media });
        if (review) {
          await tx.postComment.createMany({
            data: batch.map((p) => ({
              workspaceId,
              postId: p.id,
              authorUserId: review.actorUserId,
              kind: "SUBMITTED" as const,
            })),
          });
          return;
        }
        if (!queue) return;
        sent = true;
        const jobs = batch.map((p) =>
          publishJobSpec({
            job: { postId: p.id, workspaceId, version: 1 },
            scheduledAt: p.instant,
            now: now.getTime(),
          }),
        );
        try {
          await withTimeout(queue.addBulk(jobs), ADD_BULK_TIMEOUT_MS);
        } catch (err) {
          log.error({ error: (err as Error).message, posts: batch.length }, "could not add the import's jobs");
          throw new ApiError("unavailable", "The publishing queue is unavailable; nothing was imported");
        }
      },
      { maxWait: 10_000, timeout: ADD_BULK_TIMEOUT_MS * 2 },
    );
  } catch (err) {
    // The uncommitted posts' jobs (some may have been added before the failure) must not stay behind.
    if (sent && queue)
      await removeJobs(
        queue,
        batch.map((p) => p.id),
      ).catch(() => undefined);
    throw err;
  }
}

/** Removes the version-1 jobs of these posts, best-effort (the processor drops a job whose post is gone anyway). */
async function removeJobs(queue: Queue, postIds: readonly string[]) {
  await Promise.allSettled(postIds.map((id) => queue.remove(publishJobId(id, 1))));
}
