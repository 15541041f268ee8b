import { z } from "zod";
import { instantSchema } from "@/lib/schemas/instant";
import { postTagSchema } from "@/lib/schemas/posts";

const postIds = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, "each post id only once");

/** A reschedule offset: whole minutes, up to a year either way, not 0. */
const offsetMinutes = z
  .number()
  .int()
  .min(-525_600)
  .max(525_600)
  .refine((m) => m !== 0, "must not be 0");

/**
 * POST /api/posts/bulk: one action on many posts, all or nothing (lib/posts/bulk-act-on-posts.ts).
 * `schedule` puts posts back at given times (what Undo of move_to_draft sends).
 */
export const bulkPostsBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("delete"), postIds }).strict(),
  z.object({ action: z.literal("move_to_draft"), postIds }).strict(),
  z.object({ action: z.literal("add_tag"), postIds, tag: postTagSchema }).strict(),
  z.object({ action: z.literal("remove_tag"), postIds, tag: postTagSchema }).strict(),
  z.object({ action: z.literal("reschedule"), postIds, offsetMinutes }).strict(),
  z
    .object({
      action: z.literal("schedule"),
      schedules: z
        .array(
          z.object({
            postId: z.string().min(1).max(64),
            scheduledAt: instantSchema,
            timezone: z.string().min(1).max(64).optional(),
          }),
        )
        .min(1)
        .max(500)
        .refine((s) => new Set(s.map((x) => x.postId)).size === s.length, "each post id only once"),
    })
    .strict(),
]);
export type BulkPostsInput = z.infer<typeof bulkPostsBody>;
export type BulkAction = BulkPostsInput["action"];
