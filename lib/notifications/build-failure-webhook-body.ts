import type { Db } from "@/lib/db/prisma";
import type { NotificationEvent } from "@/lib/notifications/types";

/** The JSON the workspace failure webhook receives (README "Notifications"). */
export type FailureWebhookBody = {
  /** Unique per event; also sent as Idempotency-Key (a retry of a delivery repeats it). */
  id: string;
  kind: NotificationEvent["kind"] | "test";
  occurredAt: string;
  workspace: { id: string; name: string };
  title: string;
  body: string | null;
  /** The post and its dashboard URL (null without PUBLIC_URL). */
  post: { id: string; url: string | null } | null;
  /** The channels concerned with their state and error message. */
  channels: { id: string; name: string; platform: string; status: string | null; error: string | null }[];
};

/**
 * The failure webhook's body for `event`: for a post, each channel of its latest publication that FAILED or is
 * UNCONFIRMED with its error message; for a channel, that channel and why it needs reconnecting. Scoped to the
 * event's workspace.
 */
export async function buildFailureWebhookBody({
  db,
  id,
  event,
  workspaceName,
  link,
  now,
}: {
  db: Db;
  id: string;
  event: NotificationEvent;
  workspaceName: string;
  link: string | null;
  now: Date;
}): Promise<FailureWebhookBody> {
  const { workspaceId } = event;
  let channels: FailureWebhookBody["channels"] = [];
  if (event.postId) {
    const publication = await db.publication.findFirst({
      where: { postId: event.postId, workspaceId },
      orderBy: [{ startedAt: "desc" }, { id: "asc" }],
      select: {
        results: {
          where: { status: { in: ["FAILED", "UNCONFIRMED"] } },
          orderBy: { channelId: "asc" },
          select: {
            status: true,
            errorMessage: true,
            channel: { select: { id: true, displayName: true, platform: true } },
          },
        },
      },
    });
    channels = (publication?.results ?? []).map((r) => ({
      id: r.channel.id,
      name: r.channel.displayName,
      platform: r.channel.platform,
      status: r.status,
      error: r.errorMessage,
    }));
  } else if (event.channelId) {
    const channel = await db.channel.findFirst({
      where: { id: event.channelId, workspaceId },
      select: { id: true, displayName: true, platform: true, needsReconnectReason: true },
    });
    if (channel) {
      channels = [
        {
          id: channel.id,
          name: channel.displayName,
          platform: channel.platform,
          status: "NEEDS_RECONNECT",
          error: channel.needsReconnectReason,
        },
      ];
    }
  }
  return {
    id,
    kind: event.kind,
    occurredAt: now.toISOString(),
    workspace: { id: workspaceId, name: workspaceName },
    title: event.title,
    body: event.body ?? null,
    post: event.postId ? { id: event.postId, url: link } : null,
    channels,
  };
}
