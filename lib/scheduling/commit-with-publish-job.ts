import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { discardPublishJob, ENQUEUE_TIMEOUT_MS } from "@/lib/queue/enqueue-publish-job";
import { enqueueFreshPublishJob } from "@/lib/scheduling/enqueue-fresh-publish-job";

const log = logger("scheduling:commit");

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Commits a change that makes a post due and adds its publish job, both or neither: in one database transaction,
 * `write(tx)` runs (the post's compare-and-set to SCHEDULED at `job.version` and whatever must commit with it;
 * throw from it to roll back), then the delayed job for `job` (postId, workspaceId, version) is added to run at
 * `runAt` (a Date; a past one runs at once). When Redis refuses or does not answer within ENQUEUE_TIMEOUT_MS (ms), the
 * add is abandoned (its AbortSignal stops a late step from sending it), the job of the uncommitted version is removed
 * (one command on the same connection, so even a hung Redis runs it after the add; not awaited, so the refusal is not
 * held up) and ApiError "unavailable" `refusal` is thrown with nothing committed. When the job was added but the
 * commit then failed (the database went away), the job is removed the same way and the database's error rethrown.
 * Returns what `write` returned. Used by schedulePost, reviewPost (approve) and retryPublication.
 */
export async function commitWithPublishJob<T>({
  db,
  queue,
  job,
  runAt,
  now,
  refusal,
  write,
}: {
  db: Db;
  queue: Queue;
  job: { postId: string; workspaceId: string; version: number };
  runAt: Date;
  now: Date;
  /** The 503's message, e.g. "The publishing queue is unavailable; the post was not scheduled". */
  refusal: string;
  write: (tx: Tx) => Promise<T>;
}): Promise<T> {
  const discardUncommitted = () => void discardPublishJob({ queue, postId: job.postId, version: job.version });
  let enqueued = false;
  try {
    return await db.$transaction(
      async (tx) => {
        const result = await write(tx);
        const giveUp = new AbortController();
        try {
          await withTimeout(enqueueFreshPublishJob(queue, job, runAt, now, giveUp.signal), ENQUEUE_TIMEOUT_MS);
          enqueued = true;
        } catch (err) {
          giveUp.abort(); // a step still waiting for Redis must not send the add after the removal below
          log.error(
            { error: (err as Error).message, postId: job.postId, version: job.version },
            "could not enqueue the publish job; rolling back",
          );
          // Sent while this transaction still holds the post's row lock: no other request can have committed this
          // version and added its own job yet, so this removes only what this call may have added.
          discardUncommitted();
          throw new ApiError("unavailable", refusal);
        }
        return result;
      },
      { timeout: ENQUEUE_TIMEOUT_MS * 3 },
    );
  } catch (err) {
    // The job was added but the commit failed: that version never existed.
    if (enqueued) discardUncommitted();
    throw err;
  }
}
