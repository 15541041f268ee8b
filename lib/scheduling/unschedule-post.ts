import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import type { PostResponse } from "@/lib/schemas/posts";

/**
 * SCHEDULED → DRAFT: clears scheduledAt and bumps the version (compare-and-set), so the queued job is stale
 * even if removing it fails; then removes the job best-effort. Works with Redis down.
 * Anything but SCHEDULED is 409 (not an idempotent no-op): the caller learns the post is already a draft,
 * being published or done, instead of believing it stopped something.
 */
export async function unschedulePost({
  db,
  queue,
  workspaceId,
  postId,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { status: true, version: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status !== "SCHEDULED") {
    throw new ApiError("conflict", `Post is not scheduled (status ${post.status})`, { status: post.status });
  }
  const { count } = await db.post.updateMany({
    where: { id: postId, workspaceId, version: post.version, status: "SCHEDULED" },
    data: { status: "DRAFT", scheduledAt: null, version: post.version + 1, leaseUntil: null },
  });
  if (count === 0) throw new ApiError("conflict", "Post changed while it was being unscheduled; reload and try again");
  await discardPublishJob({ queue, postId, version: post.version });
  return getPostOrThrow({ db, workspaceId, postId });
}
