import { z } from "zod";
import { Platform, PostStatus } from "@/lib/generated/prisma/enums";
import { publicationOutcomeSchema } from "@/lib/schemas/posts";

const iso = z.string();

/** The workspace's posts counted by state (the status popover), from the database. */
export const postCountsSchema = z.object({
  /** SCHEDULED with scheduledAt in [now, now + 24 h). */
  scheduledNext24h: z.number(),
  /** PUBLISHING now (being sent, or waiting for a retry). */
  publishingNow: z.number(),
  /** Posts whose latest publication finished in the last 7 days, by its outcome (lib/posts/publication-outcome.ts). */
  last7Days: z.object({
    published: z.number(),
    partlyPublished: z.number(),
    failed: z.number(),
    unconfirmed: z.number(),
  }),
});
export type PostCounts = z.infer<typeof postCountsSchema>;

/** GET /api/attention: what needs a person, newest first. */
export const attentionResponseSchema = z.object({
  /** Posts whose latest publication failed, partly published or is unconfirmed (at most `limit`), newest first. */
  posts: z.array(
    z.object({
      id: z.string(),
      /** The post's text, cut to 140 characters. */
      excerpt: z.string(),
      status: z.enum(PostStatus),
      scheduledAt: iso.nullable(),
      /** When that publication finished. */
      finishedAt: iso.nullable(),
      outcome: publicationOutcomeSchema,
    }),
  ),
  /** How many posts need attention in all (posts holds the newest `limit`). */
  totalPosts: z.number(),
  /**
   * Posts still IN_REVIEW whose time passed (README "Approvals"): not published, `message` says so; approving them
   * needs a new time first. Earliest first, at most `limit`.
   */
  reviewTimePassed: z.array(z.object({ id: z.string(), excerpt: z.string(), scheduledAt: iso, message: z.string() })),
  /** Channels that need reconnecting before they can publish again. */
  channels: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      platform: z.enum(Platform),
      reason: z.string(),
      since: iso,
    }),
  ),
  counts: postCountsSchema,
});
export type AttentionResponse = z.infer<typeof attentionResponseSchema>;

export const attentionQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** POST /api/posts/:id/retry. No body: every failed channel where retrying helps. */
export const retryBodySchema = z
  .object({
    /** Only these channels of the latest publication (each must be retryable, else 422 naming it). */
    channelIds: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
    /** Also send UNCONFIRMED channels named in channelIds again; they may then appear twice on their network. */
    publishAgainAnyway: z.boolean().optional(),
  })
  .strict()
  .optional();

/** POST /api/posts/:id/results/:resultId/resolve: a person checked the network. */
export const resolveBodySchema = z
  .object({
    as: z.enum(["published", "not_published"]),
    /** The post on its network (absolute http(s) URL), when marked as published. */
    url: z.string().max(2048).optional(),
  })
  .strict();

export const resultParamsSchema = z.object({ id: z.string().min(1).max(64), resultId: z.string().min(1).max(64) });
