import { z } from "zod";
import { Platform, ResultStatus, ReviewState } from "@/lib/generated/prisma/enums";
import { instantSchema } from "@/lib/schemas/instant";
import { postStatusSchema } from "@/lib/schemas/posts";

/** The widest range GET /api/calendar answers: a month view (6 weeks) with a margin on each side. */
export const CALENDAR_MAX_RANGE_DAYS = 62;
/** The most posts one answer carries; past it the answer says `truncated` (narrow the range: week or day view). */
export const CALENDAR_MAX_POSTS = 5000;

const DAY_MS = 86_400_000;

/** GET /api/calendar?from&to: the posts scheduled in [from, to), at most CALENDAR_MAX_RANGE_DAYS apart. */
export const calendarQuery = z
  .object({ from: instantSchema, to: instantSchema })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ["to"], message: "must be after from" })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= CALENDAR_MAX_RANGE_DAYS * DAY_MS, {
    path: ["to"],
    message: `must be at most ${CALENDAR_MAX_RANGE_DAYS} days after from`,
  });
export type CalendarQuery = z.infer<typeof calendarQuery>;

/**
 * One post as the calendar draws it: its chip (status, outcome, channels, first thumbnail, text) and its hover card
 * (full text, each channel's state). Channels are ids here, described once in the answer's `channels`; the
 * composer loads the whole post (GET /api/posts/:id).
 */
export const calendarPostSchema = z.object({
  id: z.string(),
  content: z.string(),
  status: postStatusSchema,
  /** Approvals: CHANGES_REQUESTED on a draft a reviewer sent back, APPROVED on an approved post, else null. */
  reviewState: z.enum(ReviewState).nullable(),
  scheduledAt: z.string(),
  timezone: z.string().nullable(),
  /** The first library item only (its thumbnail and alt text), or nothing. */
  media: z.array(z.object({ id: z.string(), thumbnailUrl: z.string().nullable(), altText: z.string().nullable() })),
  /**
   * The post's channels (ids of the answer's `channels`), each with its result in the latest publication
   * (null: none was made for it yet).
   */
  channels: z.array(z.object({ id: z.string(), result: z.enum(ResultStatus).nullable() })),
  /**
   * What the latest publication came to (as `outcome.state` of GET /api/posts/:id): null while it runs or when there
   * is none. `failing` names the channels (ids of `channels`, possibly deleted since) that FAILED or are UNCONFIRMED.
   */
  outcome: z
    .object({
      state: z.enum(["published", "partly_published", "failed", "unconfirmed"]),
      failing: z.array(z.object({ id: z.string(), status: z.enum(["FAILED", "UNCONFIRMED"]) })),
    })
    .nullable(),
});
export type CalendarPostResponse = z.infer<typeof calendarPostSchema>;

/** A channel the answer's posts name, with its account and colour (deleted ones too, for past failures). */
export const calendarChannelSchema = z.object({
  id: z.string(),
  platform: z.enum(Platform),
  displayName: z.string(),
  /** The account it publishes as ("@ada.bsky.social"), null when the network gave none. */
  accountName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  /** "#rrggbb", the channel's colour on the calendar (Channels page). */
  color: z.string(),
  active: z.boolean(),
  deleted: z.boolean(),
});
export type CalendarChannelResponse = z.infer<typeof calendarChannelSchema>;

export const calendarResponseSchema = z.object({
  /** Soonest first (then by id). */
  posts: z.array(calendarPostSchema),
  channels: z.array(calendarChannelSchema),
  /** True when the range holds more than CALENDAR_MAX_POSTS posts: only the first ones by time came back. */
  truncated: z.boolean(),
});
export type CalendarResponse = z.infer<typeof calendarResponseSchema>;
