import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Platform, PostStatus, PublicationStatus, ResultStatus } from "@/lib/generated/prisma/enums";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { checkChannelsFit } from "@/lib/publishing/rules/check-channels";
import { instantSchema } from "@/lib/schemas/instant";
import { scheduleBody } from "@/lib/schemas/scheduling";
import { formatInZone } from "@/lib/time/format-in-zone";

export const postStatusSchema = z.enum(PostStatus);

export const postIdParams = z.object({ id: z.string().min(1).max(64) });

const mediaUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);
// A letter (not a bare combining mark) first; then letters, marks, digits, - and _, and ZWNJ/ZWJ only between two of
// letters/marks/digits.
const TAG_PATTERN = /^(?!\p{M})(?:[\p{L}\p{M}\p{N}_-]|(?<=[\p{L}\p{M}\p{N}])[\u200C\u200D](?=[\p{L}\p{M}\p{N}]))+$/u;

/**
 * A tag in any script: letters with their combining marks (the vowel signs of हिंदी, കവിത, อนิเมะ), digits, - and _.
 * Stored lower-case (Unicode default case mapping, not a locale's: "İSTANBUL" → "i̇stanbul") and NFC-normalised
 * (UAX #15), so a composed "café" and "cafe\u0301" are one tag; `?tag=` is normalised the same way. A leading
 * "#" is dropped ("#launch" is the tag "launch"). ZERO WIDTH NON-JOINER / JOINER (U+200C/U+200D) are kept between
 * letters, where scripts need them (Persian "می‌روم", Sinhala "ශ්‍රී"): UAX #31 allows them inside identifiers.
 */
const tag = z
  .string()
  .trim()
  .overwrite((t) => t.replace(/^#+/, ""))
  .toLowerCase()
  .normalize("NFC")
  .min(1, { abort: true })
  .max(50)
  .regex(TAG_PATTERN, "letters, digits, - and _ only");
const channelIds = z.array(z.string().min(1).max(64)).max(50);

/**
 * POST /api/posts. Without `scheduledAt` it saves a draft, whatever its content (platform rules apply when it is
 * scheduled; the answer's `fit` says which channels it does not fit yet). With `scheduledAt` (and optionally
 * `timezone`, as for POST /api/scheduling/posts/:id/schedule) it creates and schedules in one step: refused, it
 * writes nothing.
 */
export const createPostBody = z.strictObject({
  content: z.string().max(100_000),
  mediaUrls: z.array(mediaUrl).max(20).default([]),
  tags: z.array(tag).max(50).default([]),
  channelIds: channelIds.default([]),
  scheduledAt: scheduleBody.shape.scheduledAt.optional(),
  timezone: scheduleBody.shape.timezone,
});
export type CreatePostInput = z.infer<typeof createPostBody>;

export const updatePostBody = z
  .strictObject({
    content: z.string().max(100_000).optional(),
    mediaUrls: z.array(mediaUrl).max(20).optional(),
    tags: z.array(tag).max(50).optional(),
    channelIds: channelIds.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "send at least one field to change");
export type UpdatePostInput = z.infer<typeof updatePostBody>;

/** "SCHEDULED,PUBLISHED" → ["SCHEDULED", "PUBLISHED"]. */
const statusList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  )
  .pipe(z.array(postStatusSchema).min(1));

/** GET /api/posts: the calendar's range [from, to) over scheduledAt, plus filters. */
export const listPostsQuery = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    status: statusList.optional(),
    tag: tag.optional(),
    channel: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    /** "true": only deleted posts (kept for their publications), newest deletion first; default: none of them. */
    deleted: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ["to"],
    message: "must be after from",
  });
export type ListPostsQuery = z.infer<typeof listPostsQuery>;

/** Everything a post response shows, loaded in one query. */
export const postInclude = {
  channels: {
    include: { channel: { select: { id: true, platform: true, displayName: true, active: true, config: true } } },
  },
  publications: { orderBy: { startedAt: "desc" }, take: 1, include: { results: true } },
} satisfies Prisma.PostInclude;
export type PostWithRelations = Prisma.PostGetPayload<{ include: typeof postInclude }>;

const iso = z.string();
export const publicationResultResponseSchema = z.object({
  channelId: z.string(),
  platform: z.enum(Platform),
  status: z.enum(ResultStatus),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** HTTP status of the platform's last answer; its body is never stored. */
  responseStatus: z.number().nullable(),
  /** The text and media the last request to this channel carried (null before any request left). */
  sentContent: z.string().nullable(),
  sentMediaUrls: z.array(z.string()),
  attempts: z.number(),
  publishedAt: iso.nullable(),
});

/** One publish run of a post version: its status and one result per channel. */
const publicationResponseSchema = z.object({
  id: z.string(),
  postVersion: z.number(),
  status: z.enum(PublicationStatus),
  scheduledAt: iso,
  startedAt: iso,
  finishedAt: iso.nullable(),
  results: z.array(publicationResultResponseSchema),
});

export const postResponseSchema = z.object({
  id: z.string(),
  content: z.string(),
  mediaUrls: z.array(z.string()),
  tags: z.array(z.string()),
  status: postStatusSchema,
  scheduledAt: iso.nullable(),
  /** scheduledAt as local time with offset in `timezone`, e.g. "2026-05-01T09:00:00+02:00". */
  scheduledAtLocal: iso.nullable(),
  timezone: z.string().nullable(),
  /** Why the system sent the post back to DRAFT (its last channel was deleted or deactivated); null otherwise. */
  draftReason: z.string().nullable(),
  /** Set on a deleted post that is kept for its publications (GET /api/posts?deleted=true). */
  deletedAt: iso.nullable(),
  version: z.number(),
  publishCount: z.number(),
  lastPublishedAt: iso.nullable(),
  createdAt: iso,
  updatedAt: iso,
  channels: z.array(
    z.object({ id: z.string(), platform: z.enum(Platform), displayName: z.string(), active: z.boolean() }),
  ),
  /** Whether the content fits each channel now (lib/publishing/rules); a draft may not fit yet. */
  fit: z.array(
    z.object({
      channelId: z.string(),
      platform: z.enum(Platform),
      displayName: z.string(),
      ok: z.boolean(),
      problems: z.array(z.object({ rule: z.string(), field: z.enum(["content", "mediaUrls"]), message: z.string() })),
    }),
  ),
  latestPublication: publicationResponseSchema.nullable(),
});
export type PostResponse = z.infer<typeof postResponseSchema>;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toPostResponse(post: PostWithRelations): PostResponse {
  const publication = post.publications[0];
  const channels = post.channels
    .map((pc) => pc.channel)
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  return postResponseSchema.parse({
    ...post,
    scheduledAt: isoOrNull(post.scheduledAt),
    scheduledAtLocal: post.scheduledAt ? formatInZone(post.scheduledAt, post.timezone ?? "UTC") : null,
    lastPublishedAt: isoOrNull(post.lastPublishedAt),
    deletedAt: isoOrNull(post.deletedAt),
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    channels,
    fit: checkChannelsFit({ content: post.content, mediaUrls: post.mediaUrls }, channels),
    latestPublication: publication
      ? {
          ...publication,
          scheduledAt: publication.scheduledAt.toISOString(),
          startedAt: publication.startedAt.toISOString(),
          finishedAt: isoOrNull(publication.finishedAt),
          results: publication.results.map((r) => ({
            ...r,
            url: httpUrlOrNull(r.url),
            publishedAt: isoOrNull(r.publishedAt),
          })),
        }
      : null,
  });
}

/** GET /api/posts/:id/publications: every run of a post, newest first, deleted post and channels included. */
export const postHistoryResponseSchema = z.object({
  post: z.object({
    id: z.string(),
    content: z.string(),
    status: postStatusSchema,
    publishCount: z.number(),
    lastPublishedAt: iso.nullable(),
    deletedAt: iso.nullable(),
  }),
  publications: z.array(
    publicationResponseSchema.extend({
      results: z.array(
        publicationResultResponseSchema.extend({
          channelName: z.string(),
          /** The channel was deleted since; the result stays as history. */
          channelDeleted: z.boolean(),
        }),
      ),
    }),
  ),
});
export type PostHistoryResponse = z.infer<typeof postHistoryResponseSchema>;
