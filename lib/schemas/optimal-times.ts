import { z } from "zod";
import { platformSchema } from "@/lib/schemas/channels";
import { timezoneSchema } from "@/lib/schemas/scheduling";

export const MAX_WINDOW_DAYS = 365;
export const DEFAULT_WINDOW_DAYS = 90;

/** GET /api/scheduling/optimal-times?platform=INSTAGRAM&timezone=Europe/Berlin&days=90 */
export const optimalTimesQuery = z.strictObject({
  platform: platformSchema,
  /** Default: the workspace's time zone. */
  timezone: timezoneSchema.optional(),
  days: z.coerce.number().int().min(1).max(MAX_WINDOW_DAYS).default(DEFAULT_WINDOW_DAYS),
});

/** One day-of-week × hour cell, in the requested zone. */
export const optimalSlotSchema = z.object({
  /** 0 = Sunday … 6 = Saturday */
  dayOfWeek: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  /** 0-100: this cell's estimate relative to the best cell of the grid (100). */
  score: z.number(),
  /**
   * Estimated engagement rate ((likes+comments+shares+saves+clicks) / reach, or / followers where reach is
   * unknown) after winsorizing and shrinkage toward the overall mean; null for fallback defaults (no data).
   */
  avgEngagement: z.number().nullable(),
  /** Measured posts (publications on a channel) that went out in this cell. */
  sampleSize: z.number().int(),
  /** 0-1: sampleSize / (sampleSize + k); 0 for fallback defaults. */
  confidence: z.number(),
});
export type OptimalSlot = z.infer<typeof optimalSlotSchema>;

export const optimalTimesResponseSchema = z.object({
  timezone: z.string(),
  platform: platformSchema,
  windowDays: z.number().int(),
  basedOnPosts: z.number().int(),
  /** Top 20 cells by score (only cells with data, or the documented defaults when `fallback`). */
  slots: z.array(optimalSlotSchema),
  /** All 168 cells, Sunday 00:00 first. */
  grid: z.array(optimalSlotSchema),
  /** True when there was too little data and `slots` are the documented per-platform defaults. */
  fallback: z.boolean(),
});
export type OptimalTimesResponse = z.infer<typeof optimalTimesResponseSchema>;
