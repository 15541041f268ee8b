import type { Queue } from "bullmq";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { withQueueLock } from "@/lib/posting-slots/with-queue-lock";
import { findWorkspacePosts } from "@/lib/posts/find-workspace-posts";
import { checkSchedule, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import type { ReorderQueueInput } from "@/lib/schemas/posting-schedule";
import { type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

/** What POST /api/queue/reorder answers: the posts in the order sent, and the body that restores the old order. */
export type ReorderQueueResult = { posts: PostResponse[]; undo: ReorderQueueInput };

const reorderInclude = { ...schedulablePostInclude, publications: postInclude.publications };

/**
 * Reorders queued posts (POST /api/queue/reorder): the posts' current scheduledAt values, sorted ascending, are
 * given to the posts in `input.order` (the 1st gets the earliest …). Every post is checked first — of this workspace
 * and not deleted (else 404), SCHEDULED or IN_REVIEW with a time (PUBLISHING or anything else: 409), at the
 * `version` the client read (else 409), and able to take its new time (schedulePost's checks: 409 naming it) — and
 * nothing changes unless all pass (`details.posts: [{ postId, message }]`). Then each post whose time changes goes
 * through schedulePost (version+1, its job replaced; with `review` an Editor's post goes IN_REVIEW, as the bulk
 * reschedule); a post keeping its time is left alone. Under the workspace's queue lock (withQueueLock), as Add to
 * queue. `undo` lists the posts in their previous order with their NEW versions: sent back, it restores the times.
 * A post changed by someone else between the check and its write is a 409 naming it and `details.done`.
 */
export async function reorderQueue({
  db,
  queue,
  pool,
  workspaceId,
  input,
  review = null,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  pool?: Pick<pg.Pool, "connect">;
  workspaceId: string;
  input: ReorderQueueInput;
  review?: ReviewSubmission | null;
  now?: Date;
}): Promise<ReorderQueueResult> {
  return withQueueLock({
    pool,
    workspaceId,
    fn: async () => {
      const ids = input.order.map((o) => o.postId);
      const found = await findWorkspacePosts({ db, workspaceId, ids, include: reorderInclude });
      const posts = input.order.map(({ version }, i) => ({ post: found[i] as (typeof found)[number], version }));
      const times = posts
        .flatMap(({ post }) => (post.scheduledAt ? [post.scheduledAt] : []))
        .sort((a, b) => a.getTime() - b.getTime());
      const problems = posts.flatMap(({ post, version }, i) => {
        const message = problemOf(post, version, times[i], now);
        return message ? [{ postId: post.id, message }] : [];
      });
      if (problems.length > 0) {
        const list = problems.map((p) => `${p.postId} ${p.message}`).join("; ");
        throw new ApiError(
          "conflict",
          `${problems.length} of the posts cannot be reordered, so none was changed: ${list}`,
          {
            posts: problems,
          },
        );
      }

      // The previous order: by the times the posts had (ties keep the order sent).
      const previous = posts
        .map(({ post }, i) => ({ id: post.id, at: post.scheduledAt?.getTime() ?? 0, i }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map((p) => p.id);
      const answers = new Map<string, PostResponse>();
      const done: string[] = [];
      for (const [i, { post }] of posts.entries()) {
        const target = times[i] as Date;
        if (post.scheduledAt?.getTime() === target.getTime()) {
          answers.set(post.id, toPostResponse(post));
          continue;
        }
        try {
          const answer = await schedulePost({
            db,
            queue,
            workspaceId,
            postId: post.id,
            scheduledAt: target.toISOString(),
            now,
            review,
            expectedVersion: post.version,
          });
          answers.set(post.id, answer);
          done.push(post.id);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          throw new ApiError(err.code, `Post ${post.id}: ${err.message} (${done.length} moved before it)`, {
            posts: [{ postId: post.id, message: err.message }],
            done,
          });
        }
      }
      const version = (id: string) => answers.get(id)?.version ?? 0;
      return {
        posts: ids.map((id) => answers.get(id) as PostResponse),
        undo: { order: previous.map((postId) => ({ postId, version: version(postId) })) },
      };
    },
  });
}

/** Why `post` (read at `version` by the client) cannot take `target` in a reorder now, or null when it can. */
function problemOf(
  post: Parameters<typeof checkSchedule>[0]["post"],
  version: number,
  target: Date | undefined,
  now: Date,
): string | null {
  if (post.status === "PUBLISHING") return "is being published right now";
  if (post.status !== "SCHEDULED" && post.status !== "IN_REVIEW") return `is not in the queue (status ${post.status})`;
  if (!post.scheduledAt || !target) return "has no time to move from";
  if (post.version !== version) return `changed since it was read (version ${post.version}, not ${version}); reload`;
  if (post.scheduledAt.getTime() === target.getTime()) return null;
  try {
    checkSchedule({ post, scheduledAt: target.toISOString(), now });
  } catch (err) {
    if (err instanceof ApiError) return err.message;
    throw err;
  }
  return null;
}
