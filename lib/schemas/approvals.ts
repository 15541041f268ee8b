import { z } from "zod";
import { PostCommentKind } from "@/lib/generated/prisma/enums";

/** A comment's text: 1..2000 characters (Unicode code points) once trimmed. */
export const MAX_COMMENT_CHARS = 2000;
const commentText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((t) => [...t].length <= MAX_COMMENT_CHARS, `at most ${MAX_COMMENT_CHARS} characters`);

/**
 * POST /api/posts/:id/review. `version`: the post's version the reviewer read (GET /api/posts/:id); any change since
 * is 409. `comment` is required for request_changes (what to change), optional for approve.
 */
export const reviewPostBody = z
  .strictObject({
    decision: z.enum(["approve", "request_changes"]),
    comment: commentText.optional(),
    version: z.number().int().min(0),
  })
  .superRefine((body, ctx) => {
    if (body.decision === "request_changes" && body.comment === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["comment"],
        message: "required when requesting changes: say what to change",
      });
  });
export type ReviewPostInput = z.infer<typeof reviewPostBody>;

/** POST /api/posts/:id/comments. */
export const createCommentBody = z.strictObject({ body: commentText });

export const postCommentSchema = z.object({
  id: z.string(),
  postId: z.string(),
  /** COMMENT: a remark; SUBMITTED / APPROVED / CHANGES_REQUESTED: a review step (its comment, if any, is `body`). */
  kind: z.enum(PostCommentKind),
  body: z.string(),
  /** null: written with an API token, or the person's account was deleted. */
  author: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.string(),
});
export type PostCommentView = z.infer<typeof postCommentSchema>;

/** GET /api/posts/:id/comments: oldest first. */
export const postCommentsResponseSchema = z.object({ comments: z.array(postCommentSchema) });
