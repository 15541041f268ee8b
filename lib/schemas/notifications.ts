import { z } from "zod";
import { NOTIFICATION_KINDS, type NotificationKind } from "@/lib/notifications/types";

// Notifications (issue 12): the bodies and queries of /api/notifications, /api/notifications/read,
// /api/notifications/preferences and /api/workspace/failure-webhook.

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]);

/** GET /api/notifications?limit&cursor – mine in this workspace, newest first. */
export const listNotificationsQuery = z.strictObject({
  /** At most this many (1..100, default 20). */
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
});

export const notificationView = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string().nullable(),
  postId: z.string().nullable(),
  channelId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationListResponse = z.object({
  notifications: z.array(notificationView),
  /** Unread notifications of mine in this workspace, in all (not only this page). */
  unreadCount: z.number(),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type NotificationListResponse = z.infer<typeof notificationListResponse>;

/** POST /api/notifications/read – `{ ids }` (1..100 of mine) or `{ all: true }`. */
export const markReadBody = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadInput = z.infer<typeof markReadBody>;

export const notificationChoiceSchema = z.strictObject({
  kind: notificationKindSchema,
  inApp: z.boolean(),
  email: z.boolean(),
});

/** PUT /api/notifications/preferences – any kinds (each at most once); kinds left out keep their setting. */
export const savePreferencesBody = z.strictObject({
  preferences: z
    .array(notificationChoiceSchema)
    .min(1)
    .max(NOTIFICATION_KINDS.length)
    .refine((list) => new Set(list.map((p) => p.kind)).size === list.length, "each kind at most once"),
});

export const preferencesResponse = z.object({
  /** Every kind, in NOTIFICATION_KINDS order, with my choice (or the default). */
  preferences: z.array(notificationChoiceSchema),
  /** False without SMTP_URL: no mail is sent whatever the choice. */
  emailAvailable: z.boolean(),
});
export type PreferencesResponse = z.infer<typeof preferencesResponse>;

/** PUT /api/workspace/failure-webhook */
export const saveFailureWebhookBody = z.strictObject({
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), "must be an absolute http(s) URL"),
  /** Make a new signing secret (shown once in the answer); the old one stops signing at once. */
  rotateSecret: z.boolean().optional(),
});
