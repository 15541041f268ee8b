import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";

/**
 * Deletes a post (its publications and results go with it). A post being published is 409. Its queued job is
 * removed best-effort afterwards: a job left behind finds no post and is dropped by the worker.
 */
export async function deletePost({
  db,
  queue,
  workspaceId,
  postId,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
}): Promise<void> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { status: true, version: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status === "PUBLISHING") throw new ApiError("conflict", "Post is being published; delete it afterwards");
  const { count } = await db.post.deleteMany({
    where: { id: postId, workspaceId, version: post.version, status: post.status },
  });
  if (count === 0) throw new ApiError("conflict", "Post changed while it was being deleted; reload and try again");
  if (post.status === "SCHEDULED") {
    await discardPublishJob({ queue, postId, version: post.version });
  }
}
