import { z } from "zod";
import { platformSchema } from "@/lib/schemas/channels";
import { instantSchema } from "@/lib/schemas/instant";
import { timezoneSchema } from "@/lib/schemas/scheduling";

export const MAX_SUGGESTED_TIMES = 10;

/** GET /api/scheduling/suggested-times?platform=INSTAGRAM&timezone=Europe/Berlin&count=3 */
export const suggestedTimesQuery = z.strictObject({
  platform: platformSchema,
  /** Default: the workspace's time zone. */
  timezone: timezoneSchema.optional(),
  count: z.coerce.number().int().min(1).max(MAX_SUGGESTED_TIMES).default(3),
  /** Suggestions are strictly after this instant (default: now; a past instant counts as now). */
  from: instantSchema.optional(),
});
export type SuggestedTimesQuery = z.infer<typeof suggestedTimesQuery>;

export const suggestedTimesResponseSchema = z.object({
  timezone: z.string(),
  platform: platformSchema,
  /** True when the slots are the documented per-platform defaults (too little engagement data). */
  fallback: z.boolean(),
  /** Earliest first. */
  times: z.array(
    z.object({
      /** UTC instant, ready for POST /api/scheduling/posts/:id/schedule. */
      scheduledAt: z.string(),
      /** The same instant with its offset in `timezone`. */
      scheduledAtLocal: z.string(),
      dayOfWeek: z.number().int(),
      hour: z.number().int(),
      score: z.number(),
    }),
  ),
});
export type SuggestedTimesResponse = z.infer<typeof suggestedTimesResponseSchema>;
