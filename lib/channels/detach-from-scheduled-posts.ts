import { ApiError } from "@/lib/api/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AffectedPost } from "@/lib/schemas/channels";

type Channel = { id: string; displayName: string; platform: string };

/**
 * Inside the transaction that deletes or deactivates `channel`: every SCHEDULED (or IN_REVIEW) post targeting it stops
 * targeting it and keeps its other channels; a post left without an active channel goes back to DRAFT
 * (compare-and-set on version, version+1 so its job is stale) with `draftReason` saying why, instead of failing
 * silently at publish time. A deactivated channel stays on such a draft (reactivate it and schedule again).
 * Returns the posts changed and the job versions to discard after commit. Throws 409 when a post changed meanwhile.
 */
export async function detachFromScheduledPosts({
  tx,
  workspaceId,
  channel,
  why,
}: {
  tx: Prisma.TransactionClient;
  workspaceId: string;
  channel: Channel;
  why: "deleted" | "deactivated";
}): Promise<{ affectedPosts: AffectedPost[]; staleJobs: { postId: string; version: number }[] }> {
  const posts = await tx.post.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      status: { in: ["SCHEDULED", "IN_REVIEW"] },
      channels: { some: { channelId: channel.id } },
    },
    select: {
      id: true,
      version: true,
      status: true,
      scheduledAt: true,
      channels: { select: { channel: { select: { id: true, active: true, deletedAt: true } } } },
    },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
  });
  const affectedPosts: AffectedPost[] = [];
  const staleJobs: { postId: string; version: number }[] = [];
  for (const post of posts) {
    const remaining = post.channels
      .map((pc) => pc.channel)
      .filter((c) => c.id !== channel.id && c.active && c.deletedAt === null)
      .map((c) => c.id)
      .sort();
    if (remaining.length > 0) {
      await tx.postChannel.delete({ where: { postId_channelId: { postId: post.id, channelId: channel.id } } });
      const scheduledAt = post.scheduledAt?.toISOString() ?? null;
      affectedPosts.push({
        id: post.id,
        scheduledAt,
        status: post.status === "IN_REVIEW" ? "IN_REVIEW" : "SCHEDULED",
        remainingChannelIds: remaining,
        draftReason: null,
      });
      continue;
    }
    const draftReason =
      `Channel "${channel.displayName}" (${channel.platform}) was ${why} and the post had no other active channel; ` +
      "add a channel and schedule it again";
    const { count } = await tx.post.updateMany({
      where: { id: post.id, workspaceId, version: post.version, status: post.status },
      data: { status: "DRAFT", scheduledAt: null, version: post.version + 1, leaseUntil: null, draftReason },
    });
    if (count === 0) throw new ApiError("conflict", `Post ${post.id} changed meanwhile; reload and try again`);
    if (why === "deleted") {
      await tx.postChannel.delete({ where: { postId_channelId: { postId: post.id, channelId: channel.id } } });
    }
    if (post.status === "SCHEDULED") staleJobs.push({ postId: post.id, version: post.version });
    affectedPosts.push({
      id: post.id,
      scheduledAt: post.scheduledAt?.toISOString() ?? null,
      status: "DRAFT",
      remainingChannelIds: [],
      draftReason,
    });
  }
  return { affectedPosts, staleJobs };
}
