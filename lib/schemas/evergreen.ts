import { z } from "zod";
import { Platform } from "@/lib/generated/prisma/enums";
import { platformSchema } from "@/lib/schemas/channels";
import { instantSchema } from "@/lib/schemas/instant";
import { postResponseSchema, postStatusSchema } from "@/lib/schemas/posts";
import { timezoneSchema } from "@/lib/schemas/scheduling";

/** The tag that puts a post in the evergreen library. */
export const EVERGREEN_TAG = "evergreen";
/** Largest batch one rotation call schedules (one transaction; the bench rotates 1,000 in ten calls). */
export const MAX_ROTATION_BATCH = 100;

/** POST /api/scheduling/evergreen/rotate */
export const rotateEvergreenBody = z.strictObject({
  count: z.number().int().min(1).max(MAX_ROTATION_BATCH),
  platform: platformSchema.optional(),
  timezone: timezoneSchema.optional(),
  /** Suggested times start after this instant (default: now; a past instant counts as now). */
  from: instantSchema.optional(),
});
export type RotateEvergreenInput = z.infer<typeof rotateEvergreenBody>;

/** GET /api/scheduling/evergreen */
export const listEvergreenQuery = z.strictObject({
  platform: platformSchema.optional(),
  /** Zone for the local times shown (default: each post's own zone, else the workspace's). */
  timezone: timezoneSchema.optional(),
});
export type ListEvergreenQuery = z.infer<typeof listEvergreenQuery>;

export const skipReasonSchema = z.enum([
  "scheduled",
  "publishing",
  "in_review",
  "published_recently",
  "no_active_channel",
  "channel_cannot_publish",
]);
export type SkipReason = z.infer<typeof skipReasonSchema>;

export const skippedPostSchema = z.object({ postId: z.string(), reason: skipReasonSchema, message: z.string() });
export type SkippedPost = z.infer<typeof skippedPostSchema>;

export const rotateEvergreenResponseSchema = z.object({
  scheduled: z.array(
    z.object({
      post: postResponseSchema,
      priority: z.number(),
      platform: z.enum(Platform),
      scheduledAt: z.string(),
      /** The same instant with its offset in the rotation's zone. */
      scheduledAtLocal: z.string(),
    }),
  ),
  skipped: z.array(skippedPostSchema),
});
export type RotateEvergreenResponse = z.infer<typeof rotateEvergreenResponseSchema>;

export const evergreenLibraryResponseSchema = z.object({
  timezone: z.string().nullable(),
  minIntervalDays: z.number(),
  posts: z.array(
    z.object({
      id: z.string(),
      content: z.string(),
      status: postStatusSchema,
      priority: z.number(),
      publishCount: z.number(),
      lastPublishedAt: z.string().nullable(),
      /** Set while the post is SCHEDULED (or PUBLISHING): its next publish time, UTC and local. */
      nextScheduledAt: z.string().nullable(),
      nextScheduledAtLocal: z.string().nullable(),
      createdAt: z.string(),
      channels: z.array(
        z.object({ id: z.string(), platform: z.enum(Platform), displayName: z.string(), active: z.boolean() }),
      ),
      /** Why the next rotation would pass over this post, or null when it is eligible. */
      skipReason: skipReasonSchema.nullable(),
    }),
  ),
});
export type EvergreenLibraryResponse = z.infer<typeof evergreenLibraryResponseSchema>;

/** POST /api/scheduling/evergreen/rotate/undo: the posts a rotation scheduled, each at the version it answered. */
export const undoRotationBody = z.strictObject({
  posts: z
    .array(z.strictObject({ postId: z.string().min(1).max(64), version: z.number().int().min(0) }))
    .min(1)
    .max(MAX_ROTATION_BATCH)
    .refine((p) => new Set(p.map((x) => x.postId)).size === p.length, "each post id only once"),
});
export type UndoRotationInput = z.infer<typeof undoRotationBody>;

export const undoRotationResponseSchema = z.object({ restored: z.array(postResponseSchema) });
export type UndoRotationResponse = z.infer<typeof undoRotationResponseSchema>;
