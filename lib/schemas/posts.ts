import { z } from "zod";
import { reviewTimePassed } from "@/lib/approvals/review-time-passed";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  MediaKind,
  Platform,
  PostStatus,
  PublicationStatus,
  ResultStatus,
  ReviewState,
} from "@/lib/generated/prisma/enums";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { publicationOutcomeOf } from "@/lib/posts/publication-outcome";
import { checkChannelsFit } from "@/lib/publishing/rules/check-channels";
import { toContentMedia } from "@/lib/publishing/rules/to-content-media";
import type { ContentMedia } from "@/lib/publishing/rules/types";
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
/** A post's tag as stored: leading # dropped, lower case, NFC, 1-50 letters, digits, - and _. */
export const postTagSchema = tag;
const channelIds = z.array(z.string().min(1).max(64)).max(50);

/**
 * Alt text of one media item: at most 1,500 characters (Unicode code points), Mastodon's cap
 * (`MediaAttachment::MAX_DESCRIPTION_LENGTH`, app/models/media_attachment.rb), the largest of the networks Cadence
 * targets that document one in characters; blank means none.
 */
export const MAX_ALT_TEXT_CHARS = 1500;
const altText = z
  .string()
  .refine((t) => [...t].length <= MAX_ALT_TEXT_CHARS, `at most ${MAX_ALT_TEXT_CHARS} characters`)
  .transform((t) => (t.trim() === "" ? null : t));

/**
 * A post's library media, in order: `[{ id, altText? }]`, at most 20 (Threads' and LinkedIn's largest documented
 * carousel), each item once (400 naming `media.N.id` for a repeat).
 */
const postMediaInput = z
  .array(z.strictObject({ id: z.string().min(1).max(64), altText: altText.optional() }))
  .max(20)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "appears twice in media" });
      seen.add(item.id);
    });
  });
export type PostMediaInput = z.infer<typeof postMediaInput>;

/** `mediaIds: ["<id>", …]`: the same list as `media`, for clients with no alt text to give. */
const mediaIds = z.array(z.string().min(1).max(64)).max(20);

/**
 * `channelContent: { [channelId]: text | null }`: the post's own text for some of its channels ("customise for each
 * network"), sent to that channel instead of `content` and checked against its platform's rules; null goes back to
 * `content`. Only the post's channels may be named (400 on POST, 422 on PATCH, naming `channelContent.<id>`).
 */
const channelContent = z.record(z.string().min(1).max(64), z.string().max(100_000).nullable());
export type ChannelContentInput = z.infer<typeof channelContent>;

/** Folds `mediaIds` into `media` (`[{ id }]` each); both at once is a 400 naming `mediaIds`. */
function foldMediaIds<T extends { media?: PostMediaInput; mediaIds?: string[] }>(
  body: T,
  ctx: z.RefinementCtx,
): Omit<T, "mediaIds"> {
  const { mediaIds: ids, ...rest } = body;
  if (ids === undefined) return rest;
  if (body.media !== undefined && body.media.length > 0) {
    ctx.addIssue({ code: "custom", path: ["mediaIds"], message: "send either media or mediaIds, not both" });
    return z.NEVER;
  }
  const media = postMediaInput.safeParse(ids.map((id) => ({ id })));
  if (!media.success) {
    for (const issue of media.error.issues)
      ctx.addIssue({ code: "custom", path: ["mediaIds", ...issue.path.slice(0, 1)], message: issue.message });
    return z.NEVER;
  }
  return { ...rest, media: media.data };
}

/**
 * POST /api/posts. Without `scheduledAt` it saves a draft, whatever its content (platform rules apply when it is
 * scheduled; the answer's `fit` says which channels it does not fit yet). With `scheduledAt` (and optionally
 * `timezone`, as for POST /api/scheduling/posts/:id/schedule) it creates and schedules in one step: refused, it
 * writes nothing.
 */
export const createPostBody = z
  .strictObject({
    content: z.string().max(100_000),
    mediaUrls: z.array(mediaUrl).max(20).default([]),
    media: postMediaInput.default([]),
    mediaIds: mediaIds.optional(),
    tags: z.array(tag).max(50).default([]),
    channelIds: channelIds.default([]),
    channelContent: channelContent.default({}),
    scheduledAt: scheduleBody.shape.scheduledAt.optional(),
    timezone: scheduleBody.shape.timezone,
    /** Instead of `scheduledAt`: the next free posting slot of the post's channels (README "Queue"). */
    queue: z.literal(true).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.queue && body.scheduledAt !== undefined)
      ctx.addIssue({ code: "custom", path: ["queue"], message: "send either scheduledAt or queue: true, not both" });
    for (const id of Object.keys(body.channelContent)) {
      if (!body.channelIds.includes(id))
        ctx.addIssue({ code: "custom", path: ["channelContent", id], message: "not one of the post's channelIds" });
    }
  })
  .transform(foldMediaIds);
/** `media` and `channelContent` may be left out by callers other than the route (seed, evergreen, tests): none. */
export type CreatePostInput = Omit<z.infer<typeof createPostBody>, "media" | "channelContent"> & {
  media?: PostMediaInput;
  channelContent?: ChannelContentInput;
};

export const updatePostBody = z
  .strictObject({
    content: z.string().max(100_000).optional(),
    mediaUrls: z.array(mediaUrl).max(20).optional(),
    /** Replaces the post's whole media list (`[]` removes all). */
    media: postMediaInput.optional(),
    /** The same as `media` without alt text. */
    mediaIds: mediaIds.optional(),
    tags: z.array(tag).max(50).optional(),
    channelIds: channelIds.optional(),
    /** Sets (text) or clears (null) the post's own text for the channels named; others keep theirs. */
    channelContent: channelContent.optional(),
    /**
     * The post's `version` as the client read it: the edit is then compare-and-set on it (409 when the post moved
     * on, e.g. saved from another tab). Every edit of a DRAFT moves its version on, so two editors cannot overwrite
     * each other silently. Left out: the edit applies to whatever version is current.
     */
    version: z.number().int().min(0).optional(),
  })
  .refine(
    ({ version: _version, ...b }) => Object.values(b).some((v) => v !== undefined),
    "send at least one field to change",
  )
  .transform(foldMediaIds);
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

export const OUTCOME_STATES = ["published", "partly_published", "failed", "unconfirmed"] as const;

/** "failed,unconfirmed" → ["failed", "unconfirmed"]. */
const outcomeList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(OUTCOME_STATES)).min(1));

/** GET /api/posts: the calendar's range [from, to) over scheduledAt, plus filters. */
export const listPostsQuery = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    status: statusList.optional(),
    tag: tag.optional(),
    channel: z.string().min(1).max(64).optional(),
    /** Text anywhere in the post, case-insensitive (at least 1 character; 3+ use the trigram index). */
    q: z.string().trim().min(1).max(200).optional(),
    /** The author: the id of the user who created the post (Post.createdByUserId). */
    author: z.string().min(1).max(64).optional(),
    /** What the post's latest publication came to (lib/posts/publication-outcome.ts), any of, comma-separated. */
    outcome: outcomeList.optional(),
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

/** A post's library media in order, with what the answer and the platform rules need of each item. */
export const postMediaInclude = {
  orderBy: { position: "asc" },
  select: {
    position: true,
    altText: true,
    media: {
      select: {
        id: true,
        name: true,
        kind: true,
        mimeType: true,
        width: true,
        height: true,
        durationMs: true,
        bytes: true,
        thumbnailKey: true,
        sourceUrl: true,
      },
    },
  },
} satisfies Prisma.Post$mediaArgs;
export type PostMediaRow = Prisma.PostMediaGetPayload<typeof postMediaInclude>;

/** Everything a post response shows, loaded in one query. */
export const postInclude = {
  media: postMediaInclude,
  channels: {
    include: { channel: { select: { id: true, platform: true, displayName: true, active: true, config: true } } },
  },
  publications: {
    orderBy: { startedAt: "desc" },
    take: 1,
    include: {
      results: {
        include: { channel: { select: { displayName: true, active: true, deletedAt: true, needsReconnectAt: true } } },
      },
    },
  },
} satisfies Prisma.PostInclude;
export type PostWithRelations = Prisma.PostGetPayload<{ include: typeof postInclude }>;

const postMediaResponseSchema = z.object({
  id: z.string(),
  /** The library item's display name (its file name unless renamed). */
  name: z.string(),
  kind: z.enum(MediaKind),
  mimeType: z.string(),
  width: z.number(),
  height: z.number(),
  durationMs: z.number().nullable(),
  bytes: z.number(),
  altText: z.string().nullable(),
  /** The dashboard's thumbnail (session or API token), as in GET /api/media/:id. */
  thumbnailUrl: z.string().nullable(),
  /** The URL the item was imported from (a post's `mediaUrls`), null for an upload. */
  sourceUrl: z.string().nullable(),
});

/** PostMedia rows → what the platform rules need of each item (lib/publishing/rules ContentInput.media). */
export function contentMedia(rows: readonly PostMediaRow[]): ContentMedia[] {
  return rows.map(({ media }) => toContentMedia(media));
}

/** PostMedia rows (ordered by position) → the answer's `media`. */
export function toPostMediaResponse(rows: readonly PostMediaRow[]): z.infer<typeof postMediaResponseSchema>[] {
  return rows.map(({ media, altText }) => ({
    id: media.id,
    name: media.name,
    kind: media.kind,
    mimeType: media.mimeType,
    width: media.width,
    height: media.height,
    durationMs: media.durationMs,
    bytes: Number(media.bytes),
    altText,
    thumbnailUrl: media.thumbnailKey ? `/api/media/${media.id}/thumbnail` : null,
    sourceUrl: media.sourceUrl,
  }));
}

const iso = z.string();

/** One library item as a publish request carried it (PublicationResult.sentMedia, lib/publishing/publish-post.ts). */
export const sentMediaSchema = z.object({
  id: z.string(),
  name: z.string(),
  mimeType: z.string(),
  bytes: z.number(),
  width: z.number(),
  height: z.number(),
  sha256: z.string(),
  altText: z.string().nullable(),
});

export const publicationResultResponseSchema = z.object({
  /** The result's own id (POST /api/posts/:id/results/:resultId/resolve). */
  id: z.string(),
  channelId: z.string(),
  platform: z.enum(Platform),
  status: z.enum(ResultStatus),
  platformPostId: z.string().nullable(),
  url: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /**
   * Why it did not succeed: "transient", "permanent", "unknown_outcome", "channel" (inactive, credentials
   * unreadable), "confirmed_missing" (a person found it missing); null on success and on older rows.
   */
  errorKind: z.string().nullable(),
  /** HTTP status of the platform's last answer; its body is never stored. */
  responseStatus: z.number().nullable(),
  /** The text and media the last request to this channel carried (null before any request left). */
  sentContent: z.string().nullable(),
  sentMediaUrls: z.array(z.string()),
  /**
   * The library items that request carried, in order, as they were then (kept when the post is edited or an item
   * deleted): `[{ id, name, mimeType, bytes, width, height, sha256, altText }]`; `[]` before any request left.
   */
  sentMedia: z.array(sentMediaSchema),
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

const channelRef = { id: z.string(), resultId: z.string(), displayName: z.string(), platform: z.enum(Platform) };

/** The latest publication summed up (lib/posts/publication-outcome.ts); null while it runs or when there is none. */
export const publicationOutcomeSchema = z.object({
  state: z.enum(["published", "partly_published", "failed", "unconfirmed"]),
  publicationId: z.string(),
  postVersion: z.number(),
  /** FAILED and UNCONFIRMED channels, by name, with what can be done about each (`next`, `nextReason`). */
  failing: z.array(
    z.object({
      ...channelRef,
      status: z.enum(["FAILED", "UNCONFIRMED"]),
      errorMessage: z.string().nullable(),
      errorKind: z.string().nullable(),
      next: z.enum(["retry", "check_network", "edit_post", "fix_channel", "none"]),
      nextReason: z.string(),
    }),
  ),
  /** Channels it went out on, by name, each with the post's link on its network (http(s) only) or null. */
  succeeded: z.array(z.object({ ...channelRef, url: z.string().nullable() })),
});
export type PublicationOutcomeResponse = z.infer<typeof publicationOutcomeSchema>;

export const postResponseSchema = z.object({
  id: z.string(),
  content: z.string(),
  mediaUrls: z.array(z.string()),
  /** Library media in order (GET /api/media/:id for the rest of an item). */
  media: z.array(postMediaResponseSchema),
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
  /** The person who created the post; null for an API token or a post older than this field. */
  createdByUserId: z.string().nullable(),
  /**
   * The last review decision (README "Approvals"): CHANGES_REQUESTED on a draft sent back by a reviewer (until it is
   * submitted again), APPROVED on an approved post; null otherwise. The comments say who and why.
   */
  reviewState: z.enum(ReviewState).nullable(),
  /** IN_REVIEW and its time has passed: it was not published and cannot be approved until it gets a new time. */
  reviewTimePassed: z.boolean(),
  /**
   * Bumped by every schedule change and by every edit of a draft or of a post in review; POST /api/posts/:id/review
   * sends it, and so does an edit that must not overwrite a newer one (PATCH `version`).
   */
  version: z.number(),
  publishCount: z.number(),
  lastPublishedAt: iso.nullable(),
  createdAt: iso,
  updatedAt: iso,
  channels: z.array(
    z.object({
      id: z.string(),
      platform: z.enum(Platform),
      displayName: z.string(),
      active: z.boolean(),
      /** The post's own text for this channel, sent instead of `content`; null: it gets `content`. */
      content: z.string().nullable(),
    }),
  ),
  /**
   * Whether each channel's text (its own `content`, else the post's) and media fit it now (lib/publishing/rules); a
   * draft may not fit yet.
   */
  fit: z.array(
    z.object({
      channelId: z.string(),
      platform: z.enum(Platform),
      displayName: z.string(),
      ok: z.boolean(),
      problems: z.array(
        z.object({
          rule: z.string(),
          field: z.enum(["content", "media", "mediaUrls"]),
          message: z.string(),
          /** 0-based place in `media` of the library item a per-item rule (media.type, .bytes, …) refuses. */
          item: z.number().optional(),
        }),
      ),
    }),
  ),
  latestPublication: publicationResponseSchema
    .extend({
      results: z.array(
        publicationResultResponseSchema.extend({
          /**
           * The channel's name, kept after the channel is deleted (it is then no longer in `channels`), so the sent
           * card still names the account a result is about.
           */
          channelName: z.string(),
        }),
      ),
    })
    .nullable(),
  outcome: publicationOutcomeSchema.nullable(),
});
export type PostResponse = z.infer<typeof postResponseSchema>;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toPostResponse(post: PostWithRelations): PostResponse {
  const publication = post.publications[0];
  const channels = post.channels
    .map((pc) => ({ ...pc.channel, content: pc.content }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  return postResponseSchema.parse({
    ...post,
    scheduledAt: isoOrNull(post.scheduledAt),
    scheduledAtLocal: post.scheduledAt ? formatInZone(post.scheduledAt, post.timezone ?? "UTC") : null,
    lastPublishedAt: isoOrNull(post.lastPublishedAt),
    deletedAt: isoOrNull(post.deletedAt),
    reviewTimePassed: reviewTimePassed(post),
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
    channels,
    // Stored URLs (posts saved before URL import) and then the library items imported from a URL (README "Media").
    mediaUrls: [...post.mediaUrls, ...post.media.flatMap(({ media }) => (media.sourceUrl ? [media.sourceUrl] : []))],
    media: toPostMediaResponse(post.media),
    fit: checkChannelsFit(
      { content: post.content, mediaUrls: post.mediaUrls, media: contentMedia(post.media) },
      channels,
    ),
    latestPublication: publication
      ? {
          ...publication,
          scheduledAt: publication.scheduledAt.toISOString(),
          startedAt: publication.startedAt.toISOString(),
          finishedAt: isoOrNull(publication.finishedAt),
          results: publication.results.map(({ channel, ...r }) => ({
            ...r,
            channelName: channel.displayName,
            url: httpUrlOrNull(r.url),
            publishedAt: isoOrNull(r.publishedAt),
          })),
        }
      : null,
    outcome: publicationOutcomeOf(
      publication
        ? {
            ...publication,
            results: publication.results.map((r) => ({
              ...r,
              channel: { ...r.channel, needsReconnect: r.channel.needsReconnectAt !== null },
            })),
          }
        : null,
      post,
    ),
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

/**
 * POST /api/posts/:id/duplicate: no body (a draft copy in the same workspace), or `{ workspaceId }` of another
 * workspace the person belongs to with posts:write there.
 */
export const duplicatePostBody = z.strictObject({ workspaceId: z.string().min(1).max(64).optional() }).optional();
