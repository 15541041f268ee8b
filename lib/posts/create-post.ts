import type { Db } from "@/lib/db/prisma";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";
import { type CreatePostInput, type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

/** A new DRAFT post on the workspace's channels; content must fit every target platform (422 otherwise). */
export async function createPost({
  db,
  workspaceId,
  input,
}: {
  db: Db;
  workspaceId: string;
  input: CreatePostInput;
}): Promise<PostResponse> {
  const channels = await loadTargetChannels({ db, workspaceId, channelIds: input.channelIds });
  assertContentFits({ content: input.content, mediaUrls: input.mediaUrls, channels });
  const post = await db.post.create({
    data: {
      workspaceId,
      content: input.content,
      mediaUrls: input.mediaUrls,
      tags: [...new Set(input.tags)],
      channels: { create: channels.map((c) => ({ channelId: c.id })) },
    },
    include: postInclude,
  });
  return toPostResponse(post);
}
