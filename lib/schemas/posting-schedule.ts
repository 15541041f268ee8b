import { z } from "zod";
import { TIME_OF_DAY_PATTERN } from "@/lib/time/minute-of-day";

/** The most slots one channel's weekly schedule may hold (8 a day). */
export const MAX_POSTING_SLOTS = 56;

/** One weekly slot as the API shows and takes it: 0 = Sunday … 6 = Saturday, "HH:mm" in the workspace's zone. */
export const postingSlotSchema = z.strictObject({
  dayOfWeek: z.number().int().min(0, "must be 0 (Sunday) to 6 (Saturday)").max(6, "must be 0 (Sunday) to 6 (Saturday)"),
  time: z.string().regex(TIME_OF_DAY_PATTERN, 'must be "HH:mm", 00:00 to 23:59'),
});
export type PostingSlotView = z.infer<typeof postingSlotSchema>;

/** PUT /api/channels/:id/posting-schedule: the whole new schedule (duplicates are merged). */
export const putPostingScheduleBody = z.strictObject({
  slots: z.array(postingSlotSchema).max(MAX_POSTING_SLOTS, `at most ${MAX_POSTING_SLOTS} slots`),
});
export type PutPostingScheduleInput = z.infer<typeof putPostingScheduleBody>;

/** GET/PUT /api/channels/:id/posting-schedule answer. */
export type PostingScheduleResponse = {
  channelId: string;
  /** The workspace's zone: the slots are wall-clock times there. */
  timezone: string;
  /** Sorted by dayOfWeek, then time. */
  slots: PostingSlotView[];
  /** The optimal-time calculator's best slots ("HH:00"), at most 7, at most 2 per day, sorted like `slots`. */
  proposal: { basedOnPosts: number; fallback: boolean; slots: PostingSlotView[] };
};

/** GET /api/queue query. */
export const queueQuery = z.strictObject({
  channelId: z.string().min(1).max(64).optional(),
  days: z.coerce.number().int().min(1).max(56).default(14),
});

export type QueueEntry = {
  at: string;
  atLocal: string;
  /** True when some channel's posting slot falls at this instant. */
  slot: boolean;
  slotChannelIds: string[];
  posts: {
    id: string;
    content: string;
    status: string;
    reviewState: string | null;
    version: number;
    scheduledAt: string;
    channelIds: string[];
  }[];
};
export type QueueResponse = { timezone: string; from: string; to: string; entries: QueueEntry[] };

/** POST /api/queue/reorder: the posts in their new order, each with the version the client read. */
export const reorderQueueBody = z.strictObject({
  order: z
    .array(z.strictObject({ postId: z.string().min(1).max(64), version: z.number().int().min(0) }))
    .min(2, "reorder at least 2 posts")
    .max(200, "at most 200 posts")
    .refine((order) => new Set(order.map((o) => o.postId)).size === order.length, "each post at most once"),
});
export type ReorderQueueInput = z.infer<typeof reorderQueueBody>;
