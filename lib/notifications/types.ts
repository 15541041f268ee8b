import type { Permission } from "@/lib/auth/permissions";

// Notifications (issue 12): what can be reported, to whom, and the defaults of each person's choices. No server
// imports: the Settings → Notifications grid uses these lists in the browser.

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

/** Every kind, in the order Settings → Notifications lists them. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  "post.failed",
  "post.partly_published",
  "post.unconfirmed",
  "channel.needs_reconnect",
  "approval.requested",
  "approval.decided",
];

/** What people read for each kind (the preferences grid, mail subjects). */
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  "post.failed": "A post failed",
  "post.partly_published": "A post was partly published",
  "post.unconfirmed": "A post is unconfirmed (it may have gone out)",
  "channel.needs_reconnect": "A channel needs reconnecting",
  "approval.requested": "A post awaits approval",
  "approval.decided": "A post of mine was approved or sent back",
};

export type NotificationChoice = { inApp: boolean; email: boolean };

/**
 * A person's choice where they made none (issue 12): in-app on for every kind; email on for failures, channels to
 * reconnect and approvals, off for partly published and unconfirmed posts (the bell and Needs attention show those).
 */
export const DEFAULT_PREFERENCES: Readonly<Record<NotificationKind, NotificationChoice>> = {
  "post.failed": { inApp: true, email: true },
  "post.partly_published": { inApp: true, email: false },
  "post.unconfirmed": { inApp: true, email: false },
  "channel.needs_reconnect": { inApp: true, email: true },
  "approval.requested": { inApp: true, email: true },
  "approval.decided": { inApp: true, email: true },
};

/** The kinds the workspace failure webhook receives: failures and channels to reconnect, never approvals. */
export const FAILURE_WEBHOOK_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  "post.failed",
  "post.partly_published",
  "post.unconfirmed",
  "channel.needs_reconnect",
]);
