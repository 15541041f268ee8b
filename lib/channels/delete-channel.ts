import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { assertNoPublishingPost } from "@/lib/channels/assert-no-publishing-post";
import { detachFromScheduledPosts } from "@/lib/channels/detach-from-scheduled-posts";
import type { Db } from "@/lib/db/prisma";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import type { ChannelDeleteResponse } from "@/lib/schemas/channels";

/**
 * Disconnects a channel and says what that changed: every scheduled post targeting it is named in
 * `affectedPosts`; each keeps its other channels, and one left without an active channel returns to DRAFT with
 * `draftReason` (its job discarded). Drafts simply lose the channel. A channel that publications went out on is
 * kept hidden (`deletedAt`, inactive, credentials erased) so their results stay in the history (`historyKept`);
 * one that never published is erased. A post being published to it right now is 409 (details.retryAfterMs).
 */
export async function deleteChannel({
  db,
  queue,
  workspaceId,
  channelId,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  channelId: string;
  now?: Date;
}): Promise<ChannelDeleteResponse> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, deletedAt: null },
    select: { id: true, displayName: true, platform: true },
  });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  await assertNoPublishingPost({ db, workspaceId, channelId, now, action: "delete" });

  const { affectedPosts, staleJobs, historyKept } = await db.$transaction(async (tx) => {
    const detached = await detachFromScheduledPosts({ tx, workspaceId, channel, why: "deleted" });
    await tx.postChannel.deleteMany({ where: { channelId } });
    const historyKept = (await tx.publicationResult.count({ where: { channelId } })) > 0;
    const { count } = historyKept
      ? await tx.channel.updateMany({
          where: { id: channelId, workspaceId, deletedAt: null },
          data: { deletedAt: now, active: false, credentialsEnc: null },
        })
      : await tx.channel.deleteMany({ where: { id: channelId, workspaceId, deletedAt: null } });
    if (count === 0) throw new ApiError("not_found", `Channel ${channelId} not found`);
    return { ...detached, historyKept };
  });
  for (const job of staleJobs) await discardPublishJob({ queue, ...job });
  return { id: channelId, deleted: true, historyKept, affectedPosts };
}
