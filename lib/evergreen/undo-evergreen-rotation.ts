import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import type { UndoRotationInput, UndoRotationResponse } from "@/lib/schemas/evergreen";
import { postInclude, toPostResponse } from "@/lib/schemas/posts";

type Problem = { postId: string; message: string };

/**
 * Undoes an evergreen rotation (rotateEvergreen): every post it scheduled goes back to the state its history gives,
 * which is the state a rotation can take a post from (evergreenSkip passes over SCHEDULED, PUBLISHING and
 * IN_REVIEW posts): no publication, or the last one CANCELLED → DRAFT without a time; the last one FAILED →
 * FAILED, else PUBLISHED, each at that publication's scheduled time. Version+1 (so a queued job is stale), then
 * the rotation's jobs are removed best-effort.
 *
 * All or nothing, compare-and-set: each post must still be at the `version` the rotation answered and SCHEDULED or
 * IN_REVIEW; if any is not (rescheduled, published, edited since), nothing changes and the 409 names each
 * (`details.posts: [{ postId, message }]`). A post not in this workspace (or deleted) is a 404 naming it.
 */
export async function undoEvergreenRotation({
  db,
  queue,
  workspaceId,
  posts,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  posts: UndoRotationInput["posts"];
}): Promise<UndoRotationResponse> {
  const ids = posts.map((p) => p.postId);
  const found = await db.post.findMany({
    where: { id: { in: ids }, workspaceId, deletedAt: null },
    select: {
      id: true,
      status: true,
      version: true,
      publications: { orderBy: { startedAt: "desc" }, take: 1, select: { status: true, scheduledAt: true } },
    },
  });
  const byId = new Map(found.map((p) => [p.id, p]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ApiError("not_found", `${missing.length} of the posts were not found: ${missing.join(", ")}`, {
      posts: missing.map((postId) => ({ postId, message: "not found in this workspace" })),
    });
  }
  const problems: Problem[] = [];
  for (const { postId, version } of posts) {
    const post = byId.get(postId);
    if (!post) continue;
    if (post.version !== version || (post.status !== "SCHEDULED" && post.status !== "IN_REVIEW")) {
      problems.push({ postId, message: `changed since the rotation (now ${post.status}, version ${post.version})` });
    }
  }
  if (problems.length > 0) throw changedSince(problems);

  await db.$transaction(async (tx) => {
    for (const { postId, version } of posts) {
      const post = byId.get(postId);
      if (!post) continue;
      const last = post.publications[0];
      const status: PostStatus =
        !last || last.status === "CANCELLED" ? "DRAFT" : last.status === "FAILED" ? "FAILED" : "PUBLISHED";
      const { count } = await tx.post.updateMany({
        where: { id: postId, workspaceId, version, status: post.status },
        data: {
          status,
          scheduledAt: status === "DRAFT" ? null : (last?.scheduledAt ?? null),
          version: version + 1,
          leaseUntil: null,
          reviewState: null,
        },
      });
      if (count === 0) throw changedSince([{ postId, message: "changed while the rotation was being undone" }]);
    }
  });
  for (const { postId, version } of posts) {
    if (byId.get(postId)?.status === "SCHEDULED") await discardPublishJob({ queue, postId, version });
  }
  const rows = await db.post.findMany({ where: { id: { in: ids }, workspaceId }, include: postInclude });
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { restored: rows.map(toPostResponse) };
}

function changedSince(problems: Problem[]): ApiError {
  const which = problems.map((p) => p.postId).join(", ");
  return new ApiError("conflict", `Not undone: ${problems.length} post(s) changed since the rotation (${which})`, {
    posts: problems,
  });
}
