import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { assertNoPublishingPost } from "@/lib/channels/assert-no-publishing-post";
import { checkWebhookTarget, type OutboundCheck } from "@/lib/channels/check-webhook-target";
import { detachFromScheduledPosts } from "@/lib/channels/detach-from-scheduled-posts";
import { findLastPublished } from "@/lib/channels/find-last-published";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import {
  type AffectedPost,
  type ChannelAccount,
  type ChannelUpdateResponse,
  channelSettingsIssues,
  toChannelResponse,
  type UpdateChannelInput,
} from "@/lib/schemas/channels";

/**
 * Renames, recolours (`color`, #rrggbb), (de)activates, or replaces a channel's config or credentials (checked against its platform, 400
 * naming the fields). The platform itself cannot change: connect a new channel instead.
 * Deactivating an active channel names the scheduled posts it changes (`affectedPosts`): each stops targeting it
 * and keeps its other channels; one left without an active channel returns to DRAFT with `draftReason` (keeping
 * the channel, so it can be reactivated and scheduled again). A post being published to it is 409. A webhook URL that is no permitted target is 422; new credentials replace the old at once
 * (a webhook's grace period for the old secret comes only with rotateWebhookSecret) and clear "needs reconnect".
 * A reconnect flow passes `account` (who the channel publishes as now, its avatar and server) with the credentials.
 */
export async function updateChannel({
  db,
  queue,
  workspaceId,
  channelId,
  input,
  account,
  now = new Date(),
  outbound,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  channelId: string;
  input: UpdateChannelInput;
  account?: ChannelAccount;
  now?: Date;
  outbound?: OutboundCheck;
}): Promise<ChannelUpdateResponse> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, deletedAt: null },
    select: { id: true, platform: true, displayName: true, active: true },
  });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const issues = channelSettingsIssues(channel.platform, input, false);
  if (issues.length > 0) {
    throw new ApiError("invalid_request", `Invalid body: ${issues.map((i) => i.path).join(", ")}`, issues);
  }
  if (channel.platform === "WEBHOOK" && input.config !== undefined) {
    await checkWebhookTarget({ url: (input.config as { url: string }).url, outbound });
  }
  const deactivating = channel.active && input.active === false;
  if (deactivating) await assertNoPublishingPost({ db, workspaceId, channelId, now, action: "deactivate" });

  const { affectedPosts, staleJobs } = await db.$transaction(async (tx) => {
    const { count } = await tx.channel.updateMany({
      where: { id: channelId, workspaceId, deletedAt: null },
      data: {
        displayName: input.displayName,
        color: input.color,
        active: input.active,
        config: input.config === undefined ? undefined : (input.config as Prisma.InputJsonValue),
        credentialsEnc:
          input.credentials === undefined
            ? undefined
            : encryptCredentials(input.credentials as Record<string, unknown>),
        ...account,
        // New credentials are a reconnect: the refusal that put the channel in "needs reconnect" is over.
        ...(input.credentials === undefined ? {} : { needsReconnectReason: null, needsReconnectAt: null }),
      },
    });
    if (count === 0) throw new ApiError("not_found", `Channel ${channelId} not found`);
    if (!deactivating) return { affectedPosts: [] as AffectedPost[], staleJobs: [] };
    const named = { ...channel, displayName: input.displayName ?? channel.displayName };
    return detachFromScheduledPosts({ tx, workspaceId, channel: named, why: "deactivated" });
  });
  for (const job of staleJobs) await discardPublishJob({ queue, ...job });
  const updated = await db.channel.findFirstOrThrow({ where: { id: channelId, workspaceId } });
  const last = await findLastPublished({ db, channelIds: [channelId] });
  return { ...toChannelResponse(updated, last.get(channelId) ?? null), affectedPosts };
}
