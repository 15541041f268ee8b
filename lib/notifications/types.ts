import type { Permission } from "@/lib/auth/permissions";

// The shape shared by whoever reports something (approvals, publishing outcomes, channels) and notify(), which
// delivers it. Owned by the notifications work (issue 12): this file is its contract, exactly.

export type NotificationKind =
  | "post.failed"
  | "post.partly_published"
  | "post.unconfirmed"
  | "channel.needs_reconnect"
  | "approval.requested"
  | "approval.decided";

export type NotificationRecipients = { userIds: string[] } | { permission: Permission };

export interface NotificationEvent {
  kind: NotificationKind;
  workspaceId: string;
  /** Links the notification to the post (the bell opens it). */
  postId?: string | null;
  channelId?: string | null;
  /** One line, plain text: "Changes requested on “Spring sale…”". */
  title: string;
  /** Plain text (a comment, an error message). */
  body?: string | null;
  /** Who caused it: never notified about their own action. */
  actorUserId?: string | null;
  recipients: NotificationRecipients;
}
