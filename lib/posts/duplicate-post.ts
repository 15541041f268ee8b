import { ApiError } from "@/lib/api/errors";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { copyMediaToWorkspace } from "@/lib/media/copy-media-to-workspace";
import type { MediaStorage } from "@/lib/media/storage/types";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import type { PostResponse } from "@/lib/schemas/posts";

/** A channel of the original that the copy does not have, and why. */
export type DroppedChannel = { id: string; platform: Platform; displayName: string; reason: string };

/**
 * Duplicate / "Edit as new" (README "Composer"): a new DRAFT with the post's content, per-channel texts, tags, library
 * media (order and alt texts) and media URLs, and no time; `createdByUserId` is the caller. The original is untouched
 * and may be in any state (a published post is the usual source).
 *
 * Into the same workspace: the same channels, except ones deleted since (dropped, named in `droppedChannels`), and
 * the same media items (referenced). Into `targetWorkspaceId`, another workspace the person belongs to: only a person
 * (`actorUserId`; an API token belongs to one workspace: 403) who is a member there (else 404, as for any workspace
 * not theirs) with posts:write there (else 403). Channels belong to one workspace, so each is kept only as the
 * target's channel for the same account (platform, account name and server equal); the rest are dropped and named.
 * Media is copied into the target library (copyMediaToWorkspace: referenced when the same bytes are already there).
 *
 * Throws ApiError 404 when `postId` is not a (non-deleted) post of `workspaceId`. Returns the new post (201 body).
 */
export async function duplicatePost({
  db,
  storage,
  workspaceId,
  postId,
  actorUserId,
  targetWorkspaceId = workspaceId,
}: {
  db: Db;
  storage: MediaStorage;
  workspaceId: string;
  postId: string;
  actorUserId: string | null;
  targetWorkspaceId?: string;
}): Promise<{ post: PostResponse; droppedChannels: DroppedChannel[] }> {
  const source = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    include: {
      channels: {
        select: {
          content: true,
          channel: {
            select: {
              id: true,
              platform: true,
              displayName: true,
              accountName: true,
              serverUrl: true,
              deletedAt: true,
            },
          },
        },
      },
      media: { orderBy: { position: "asc" }, select: { mediaId: true, altText: true } },
    },
  });
  if (!source) throw new ApiError("not_found", `Post ${postId} not found`);
  const crossing = targetWorkspaceId !== workspaceId;
  if (crossing) await assertMayWriteIn({ db, userId: actorUserId, workspaceId: targetWorkspaceId });

  const dropped: DroppedChannel[] = [];
  const kept: { channelId: string; content: string | null }[] = [];
  const targetChannels = crossing
    ? await db.channel.findMany({
        where: { workspaceId: targetWorkspaceId, deletedAt: null },
        select: { id: true, platform: true, accountName: true, serverUrl: true },
      })
    : [];
  for (const { channel, content } of source.channels) {
    const about = { id: channel.id, platform: channel.platform, displayName: channel.displayName };
    if (channel.deletedAt) {
      dropped.push({ ...about, reason: "the channel was deleted" });
      continue;
    }
    if (!crossing) {
      kept.push({ channelId: channel.id, content });
      continue;
    }
    const same = targetChannels.find(
      (t) =>
        t.platform === channel.platform &&
        channel.accountName !== null &&
        t.accountName === channel.accountName &&
        t.serverUrl === channel.serverUrl,
    );
    if (same && !kept.some((k) => k.channelId === same.id)) kept.push({ channelId: same.id, content });
    else dropped.push({ ...about, reason: "not connected in the target workspace" });
  }

  const copied = crossing
    ? await copyMediaToWorkspace({
        db,
        storage,
        sourceWorkspaceId: workspaceId,
        targetWorkspaceId,
        mediaIds: source.media.map((m) => m.mediaId),
      })
    : null;
  const media = source.media.map((m, position) => ({
    mediaId: copied ? (copied.ids.get(m.mediaId) ?? m.mediaId) : m.mediaId,
    altText: m.altText,
    position,
  }));
  let newId: string;
  try {
    const created = await db.post.create({
      data: {
        workspaceId: targetWorkspaceId,
        content: source.content,
        mediaUrls: source.mediaUrls,
        tags: source.tags,
        status: "DRAFT",
        createdByUserId: actorUserId,
        channels: { create: kept },
        media: { create: media },
      },
      select: { id: true },
    });
    newId = created.id;
  } catch (err) {
    await copied?.discard();
    throw err;
  }
  const post = await getPostOrThrow({ db, workspaceId: targetWorkspaceId, postId: newId });
  return { post, droppedChannels: dropped };
}

/** 403 for an API token or a member without posts:write there; 404 when the person is not a member of it. */
async function assertMayWriteIn({ db, userId, workspaceId }: { db: Db; userId: string | null; workspaceId: string }) {
  if (userId === null) {
    throw new ApiError("forbidden", "An API token belongs to one workspace: it cannot duplicate into another");
  }
  const membership = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { role: true },
  });
  if (!membership) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  if (!ROLE_PERMISSIONS[membership.role].has("posts:write")) {
    throw new ApiError("forbidden", "Your role in the target workspace cannot create posts (posts:write)");
  }
}
