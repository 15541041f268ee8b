import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { deletePost } from "@/lib/posts/delete-post";
import { findWorkspacePosts } from "@/lib/posts/find-workspace-posts";
import { isInFlight } from "@/lib/publishing/in-flight-conflict";
import { checkSchedule, type SchedulablePost, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { unschedulePost } from "@/lib/scheduling/unschedule-post";
import type { BulkPostsInput } from "@/lib/schemas/bulk-posts";

/** What POST /api/posts/bulk answers: the posts acted on, and the body that undoes it (null: cannot be undone). */
export type BulkResult = { action: BulkPostsInput["action"]; postIds: string[]; undo: BulkPostsInput | null };

/** One post that cannot take the action, and why (one sentence). */
export type BulkProblem = { postId: string; message: string };

const MINUTE_MS = 60_000;

/**
 * One action on many posts of a workspace, all or nothing: every post is checked first, and if any cannot take
 * the action nothing is written and the answer names each of them (`details.posts: [{ postId, message }]`):
 * 404 when a post is not in the workspace (or deleted), else 409. Then each post goes through the same service a
 * single request uses, so the rules are the same (approvals included: with `review`, a schedule goes IN_REVIEW):
 * - delete: deletePost (history kept for posts with publications); not undoable here (the client delays it);
 * - move_to_draft: unschedulePost (SCHEDULED, IN_REVIEW, or PUBLISHING waiting for a retry); undo: schedule;
 * - reschedule: schedulePost at scheduledAt + offsetMinutes (SCHEDULED or IN_REVIEW only); undo: −offset;
 * - schedule: schedulePost at each given instant; undo: move_to_draft;
 * - add_tag / remove_tag: one UPDATE statement; undo: the opposite, on the posts it changed.
 * A post changed by someone else between the check and its write is a 409 naming it and the posts already done
 * (`details.done`), with the undo for those (`details.undo`).
 */
export async function bulkActOnPosts({
  db,
  queue,
  workspaceId,
  input,
  review = null,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  input: BulkPostsInput;
  review?: ReviewSubmission | null;
  now?: Date;
}): Promise<BulkResult> {
  const ids = input.action === "schedule" ? input.schedules.map((s) => s.postId) : input.postIds;
  const posts: SchedulablePost[] = await findWorkspacePosts({ db, workspaceId, ids, include: schedulablePostInclude });
  const byId = new Map(posts.map((p) => [p.id, p]));

  if (input.action === "add_tag" || input.action === "remove_tag") {
    const add = input.action === "add_tag";
    const changed = posts.filter((p) => p.tags.includes(input.tag) !== add).map((p) => p.id);
    if (add && posts.some((p) => p.tags.length >= 50 && !p.tags.includes(input.tag))) {
      const full = posts.filter((p) => p.tags.length >= 50 && !p.tags.includes(input.tag));
      throw refusal(
        "add_tag",
        full.map((p) => ({ postId: p.id, message: "already has 50 tags" })),
      );
    }
    if (changed.length > 0) {
      await (add
        ? db.$executeRaw`UPDATE "Post" SET "tags" = array_append("tags", ${input.tag}), "updatedAt" = now()
            WHERE "id" = ANY(${changed}) AND "workspaceId" = ${workspaceId} AND NOT (${input.tag} = ANY("tags"))`
        : db.$executeRaw`UPDATE "Post" SET "tags" = array_remove("tags", ${input.tag}), "updatedAt" = now()
            WHERE "id" = ANY(${changed}) AND "workspaceId" = ${workspaceId}`);
    }
    const undo =
      changed.length > 0
        ? ({ action: add ? "remove_tag" : "add_tag", postIds: changed, tag: input.tag } as const)
        : null;
    return { action: input.action, postIds: ids, undo };
  }

  const targetOf = (p: SchedulablePost): string | null => {
    if (input.action === "reschedule") {
      return p.scheduledAt ? new Date(p.scheduledAt.getTime() + input.offsetMinutes * MINUTE_MS).toISOString() : null;
    }
    if (input.action === "schedule") return input.schedules.find((s) => s.postId === p.id)?.scheduledAt ?? null;
    return null;
  };
  const problems = posts.flatMap((p) => {
    const message = problemOf({ post: p, input, target: targetOf(p), now });
    return message ? [{ postId: p.id, message }] : [];
  });
  if (problems.length > 0) throw refusal(input.action, problems);

  const done: string[] = [];
  const undoFor = (): BulkPostsInput | null => {
    if (done.length === 0) return null;
    if (input.action === "move_to_draft") {
      const schedules = done.flatMap((id) => {
        const p = byId.get(id);
        return p?.scheduledAt
          ? [{ postId: id, scheduledAt: p.scheduledAt.toISOString(), timezone: p.timezone ?? undefined }]
          : [];
      });
      return schedules.length > 0 ? { action: "schedule", schedules } : null;
    }
    if (input.action === "reschedule")
      return { action: "reschedule", postIds: done, offsetMinutes: -input.offsetMinutes };
    if (input.action === "schedule") return { action: "move_to_draft", postIds: done };
    return null;
  };
  for (const post of posts) {
    try {
      if (input.action === "delete") await deletePost({ db, queue, workspaceId, postId: post.id, now });
      else if (input.action === "move_to_draft") await unschedulePost({ db, queue, workspaceId, postId: post.id, now });
      else {
        const timezone =
          input.action === "schedule" ? input.schedules.find((s) => s.postId === post.id)?.timezone : undefined;
        const scheduledAt = targetOf(post) as string;
        await schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt, timezone, now, review });
      }
      done.push(post.id);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new ApiError(err.code, `Post ${post.id}: ${err.message} (${done.length} done before it)`, {
        posts: [{ postId: post.id, message: err.message }],
        done,
        undo: undoFor(),
      });
    }
  }
  return { action: input.action, postIds: ids, undo: undoFor() };
}

/** Why `post` cannot take `input.action` now, or null when it can. */
function problemOf({
  post,
  input,
  target,
  now,
}: {
  post: SchedulablePost;
  input: BulkPostsInput;
  target: string | null;
  now: Date;
}): string | null {
  if (isInFlight(post, now)) return "is being published right now; try again when it finishes";
  if (input.action === "move_to_draft") {
    const ok = post.status === "SCHEDULED" || post.status === "IN_REVIEW" || post.status === "PUBLISHING";
    return ok ? null : `is not scheduled (status ${post.status})`;
  }
  if (input.action === "reschedule" && !(post.status === "SCHEDULED" || post.status === "IN_REVIEW")) {
    return `is not scheduled (status ${post.status}): only a scheduled post can be moved by an offset`;
  }
  if (input.action === "reschedule" || input.action === "schedule") {
    if (!target) return "has no time to move from";
    const timezone =
      input.action === "schedule" ? input.schedules.find((s) => s.postId === post.id)?.timezone : undefined;
    try {
      checkSchedule({ post, scheduledAt: target, timezone, now });
    } catch (err) {
      if (err instanceof ApiError) return err.message;
      throw err;
    }
  }
  return null;
}

const VERBS: Record<BulkPostsInput["action"], string> = {
  delete: "be deleted",
  move_to_draft: "move to draft",
  add_tag: "take the tag",
  remove_tag: "lose the tag",
  reschedule: "be rescheduled",
  schedule: "be scheduled",
};

function refusal(action: BulkPostsInput["action"], problems: BulkProblem[]): ApiError {
  const list = problems.map((p) => `${p.postId} ${p.message}`).join("; ");
  return new ApiError(
    "conflict",
    `${problems.length} of the posts cannot ${VERBS[action]}, so none was changed: ${list}`,
    {
      posts: problems,
    },
  );
}
