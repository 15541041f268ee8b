import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";
import type { PostResponse, UpdatePostInput } from "@/lib/schemas/posts";

/**
 * Edits content, media, tags or target channels. A draft (or a published or failed post) stores anything — the
 * platform rules apply when it is scheduled, and the answer's `fit` shows what does not fit yet. A SCHEDULED post
 * keeps its time and job (the worker reads the content when it publishes), so it must still fit every channel
 * (422 naming channel and rule, nothing written) and keep one active channel. A post being published is 409. The write is compare-and-set on (version, status), so a worker claiming the post meanwhile
 * turns this into a 409 instead of an edit that lands mid-publication.
 */
export async function updatePost({
  db,
  workspaceId,
  postId,
  input,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
  input: UpdatePostInput;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    include: { channels: { select: { channelId: true } } },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status === "PUBLISHING") throw new ApiError("conflict", "Post is being published; edit it afterwards");

  const channelIds = input.channelIds ?? post.channels.map((c) => c.channelId);
  const channels = await loadTargetChannels({ db, workspaceId, channelIds });
  const content = input.content ?? post.content;
  const mediaUrls = input.mediaUrls ?? post.mediaUrls;
  if (post.status === "SCHEDULED") assertContentFits({ content, mediaUrls, channels });
  if (post.status === "SCHEDULED" && !channels.some((c) => c.active)) {
    throw new ApiError("unprocessable", "A scheduled post needs at least one active channel; unschedule it first", [
      { path: "channelIds", message: "no active channel left" },
    ]);
  }

  await db.$transaction(async (tx) => {
    const { count } = await tx.post.updateMany({
      where: { id: postId, workspaceId, version: post.version, status: post.status },
      data: { content, mediaUrls, tags: input.tags ? [...new Set(input.tags)] : undefined },
    });
    if (count === 0) throw new ApiError("conflict", "Post changed while it was being edited; reload and try again");
    if (input.channelIds) {
      await tx.postChannel.deleteMany({ where: { postId } });
      await tx.postChannel.createMany({ data: channels.map((c) => ({ postId, channelId: c.id })) });
    }
  });
  return getPostOrThrow({ db, workspaceId, postId });
}
