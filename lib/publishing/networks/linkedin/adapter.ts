import sharp from "sharp";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { readFreshAccessToken } from "@/lib/oauth/read-fresh-access-token";
import { readLinkCard } from "@/lib/publishing/networks/bluesky/read-link-card";
import { canConfirmBySendTime } from "@/lib/publishing/networks/can-confirm-by-send-time";
import {
  type LinkedInConfig,
  linkedinConfigSchema,
  linkedinCredentialsSchema,
} from "@/lib/publishing/networks/linkedin/config";
import { findSentPost } from "@/lib/publishing/networks/linkedin/find-sent-post";
import { formatLinkedInPost, type LinkedInPostDraft } from "@/lib/publishing/networks/linkedin/format";
import { callLinkedIn } from "@/lib/publishing/networks/linkedin/linkedin-api";
import {
  linkedinHttpStatus,
  linkedinMessage,
  mapLinkedInError,
} from "@/lib/publishing/networks/linkedin/map-linkedin-error";
import { linkedinOAuthNetwork } from "@/lib/publishing/networks/linkedin/oauth";
import { readLinkedInMetrics } from "@/lib/publishing/networks/linkedin/read-metrics";
import { uploadLinkedInBytes, uploadLinkedInImage } from "@/lib/publishing/networks/linkedin/upload-image";
import { parseChannelData } from "@/lib/publishing/networks/parse-channel-data";
import {
  claimedPostIdsOf,
  type MetricsRequest,
  type PlatformAdapter,
  type PostMetrics,
  PublishError,
  type PublishReceipt,
  type PublishRequest,
} from "@/lib/publishing/networks/types";

const log = logger("publish:linkedin");

export interface LinkedInAdapterOptions {
  /** How every request leaves; default: the outbound guard (OUTBOUND_ALLOW_CIDRS). */
  fetch?: typeof globalThis.fetch;
  /** LINKEDIN_API_URL by default (read at each call). */
  apiUrl?: () => string;
  /** The login whose refresh renews tokens; default: linkedinOAuthNetwork. */
  network?: OAuthNetwork;
  storage?: () => MediaStorage;
  db?: () => Db;
  now?: () => Date;
}

/**
 * What the adapter checkpoints (PublishRequest.checkpoint) between its steps: `linkedinImages` — the image URNs
 * uploaded so far, in the post's order ([{ itemId, imageUrn }]), so a retry does not upload them again;
 * `linkedinSentAt` — when the last POST /rest/posts left (ISO 8601), written before it leaves, null after a
 * definite refusal.
 */
type LinkedInState = { linkedinImages?: { itemId: string; imageUrn: string }[]; linkedinSentAt?: string | null };

/** The post's page on LinkedIn: https://www.linkedin.com/feed/update/<urn>/ (the share or ugcPost URN). */
export const linkedinPostUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

function readConfig(config: unknown): LinkedInConfig {
  return parseChannelData(
    linkedinConfigSchema,
    config,
    "this LinkedIn channel has no member or page to post as: connect it again",
  );
}

function readToken(credentials: Record<string, unknown>): string {
  return parseChannelData(
    linkedinCredentialsSchema,
    credentials,
    "this LinkedIn channel has no access token: reconnect it",
  ).accessToken;
}

/** content.article of the Posts API: the link, its title, and optionally a description and a thumbnail image URN. */
type Article = { source: string; title: string; description?: string; thumbnail?: string };

/** The Posts API `content` for the uploaded images (one: content.media; 2–20: content.multiImage) or an article. */
function contentOf(
  draft: LinkedInPostDraft,
  imageUrns: string[],
  article: Article | null,
): Record<string, unknown> | undefined {
  if (imageUrns.length === 1) {
    const altText = draft.images[0]?.altText;
    return { media: { id: imageUrns[0], ...(altText ? { altText } : {}) } };
  }
  if (imageUrns.length > 1) {
    return {
      multiImage: {
        images: imageUrns.map((id, i) => {
          const altText = draft.images[i]?.altText;
          return { id, ...(altText ? { altText } : {}) };
        }),
      },
    };
  }
  return article ? { article } : undefined;
}

/**
 * The LINKEDIN adapter: the versioned Posts API (POST /rest/posts with LinkedIn-Version and
 * X-Restli-Protocol-Version 2.0.0; the new post's URN in the `x-restli-id` header:
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api), as the member or the
 * organisation page in the channel's `authorUrn`. Plain fetch through the outbound guard: the official
 * `linkedin-api-client` (npm 0.3.0, one release since 2024, marked beta) hard-codes https://api.linkedin.com and
 * https://www.linkedin.com/oauth/v2 and sends through its own axios, so it can neither be pointed at a stub nor be
 * kept inside the outbound policy.
 *
 * publish: renews the token when it expires within 5 minutes (ensureFreshCredentials); uploads the images through
 * the Images API (uploadLinkedInImage; URNs checkpointed one by one and reused by a retry); with no media, sends the
 * first link as an article (its page's title and description read through the guard); checkpoints the send time,
 * then creates the post: commentary in little format, PUBLIC, main feed (formatLinkedInPost). Exactly once without
 * an idempotency key: when the create gets no answer (or a 5xx), and when a later attempt finds a send time, the
 * author's recent posts are searched for it (findSentPost: same commentary and images, created after the send
 * time); found → published; not found, or not searchable (a member's posts need r_member_social) →
 * PublishError "unknown_outcome": the result becomes UNCONFIRMED and nothing is sent again.
 * Errors: mapLinkedInError (401 reconnect, 429 transient until 00:00 UTC, 403/422/other 4xx permanent with
 * LinkedIn's message).
 *
 * metrics: readLinkedInMetrics (organisation posts: organizationalEntityShareStatistics; member posts:
 * socialActions).
 */
export function createLinkedInAdapter({
  fetch = createGuardedFetch(),
  apiUrl = () => getEnv().LINKEDIN_API_URL,
  network = linkedinOAuthNetwork,
  storage = getMediaStorage,
  db = getPrisma,
  now = () => new Date(),
}: LinkedInAdapterOptions = {}): PlatformAdapter {
  /** The access token, renewed first when it expires soon; a channel without one is "reconnect" before any refresh. */
  async function freshToken(request: Pick<PublishRequest, "credentials" | "refreshCredentials" | "signal">) {
    readToken(request.credentials);
    return readFreshAccessToken({ request, network, readToken, now });
  }

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const config = readConfig(channel.config);
    const draft = formatLinkedInPost(post, channel);
    const state: LinkedInState = { ...((request.state ?? {}) as LinkedInState) };
    const checkpoint = async (patch: LinkedInState) => {
      Object.assign(state, patch);
      await request.checkpoint(patch);
    };
    const accessToken = await freshToken(request);
    const base = apiUrl();
    const ctx = { channelId: channel.id, postId: post.id };

    if (state.linkedinSentAt) {
      // An earlier attempt sent the create request and never learnt the outcome: look, never send again.
      const kept = (state.linkedinImages ?? []).map((i) => i.imageUrn);
      const found = await lookFor(accessToken, base, config, draft, kept, new Date(state.linkedinSentAt), request);
      if (found) {
        log.info({ ...ctx, urn: found }, "an earlier attempt's post is on LinkedIn");
        return { platformPostId: found, url: linkedinPostUrl(found), httpStatus: 200 };
      }
      throw new PublishError(
        "unknown_outcome",
        `an earlier attempt to create the post got no answer and the post is not among ${config.name ?? config.authorUrn}'s recent posts`,
      );
    }

    const imageUrns = await uploadAll(request, accessToken, base, config, state, checkpoint);
    const article =
      imageUrns.length === 0 && draft.articleUrl
        ? await readArticle(draft.articleUrl, accessToken, base, config, signal, ctx)
        : null;
    const body = {
      author: config.authorUrn,
      commentary: draft.commentary,
      visibility: draft.visibility,
      distribution: draft.distribution,
      lifecycleState: draft.lifecycleState,
      isReshareDisabledByAuthor: draft.isReshareDisabledByAuthor,
      ...(contentOf(draft, imageUrns, article) ? { content: contentOf(draft, imageUrns, article) } : {}),
    };

    const sentAt = now();
    await checkpoint({ linkedinSentAt: sentAt.toISOString() });
    let failure: unknown;
    try {
      const answer = await callLinkedIn({
        fetch,
        apiUrl: base,
        accessToken,
        method: "POST",
        path: "/rest/posts",
        body,
        signal,
      });
      const urn = answer.headers.get("x-restli-id") ?? (answer.json?.id as string | undefined);
      if (!urn) {
        throw new PublishError("unknown_outcome", "LinkedIn created the post but its answer had no x-restli-id", {
          httpStatus: answer.status,
        });
      }
      return { platformPostId: urn, url: linkedinPostUrl(urn), httpStatus: answer.status };
    } catch (err) {
      if (err instanceof PublishError) throw err;
      failure = err;
    }
    const status = linkedinHttpStatus(failure);
    if (status !== undefined && status < 500) {
      // A definite refusal: nothing was posted.
      await checkpoint({ linkedinSentAt: null });
      throw mapLinkedInError(failure, "creating the post");
    }
    const said = linkedinMessage(failure);
    log.warn({ ...ctx, err: said }, "the create request got no usable answer; looking for the post");
    const found = await lookFor(accessToken, base, config, draft, imageUrns, sentAt, request);
    if (found) return { platformPostId: found, url: linkedinPostUrl(found), httpStatus: 200 };
    throw new PublishError(
      "unknown_outcome",
      `creating the post got no answer (${said}) and it is not among ${config.name ?? config.authorUrn}'s recent posts yet`,
      { httpStatus: status },
    );
  }

  /**
   * content.article for `url`: its page's title (else the address) and description, and its preview image uploaded
   * as the article's `thumbnail` (JPG/PNG/GIF as read, anything else as a JPEG). A thumbnail LinkedIn refuses or
   * that cannot be read is left out; a refused token still fails the attempt.
   */
  async function readArticle(
    url: string,
    accessToken: string,
    base: string,
    config: LinkedInConfig,
    signal: AbortSignal,
    ctx: Record<string, string>,
  ): Promise<Article> {
    const card = await readLinkCard({ url, fetch, signal: AbortSignal.timeout(15_000) });
    const article: Article = {
      source: url,
      title: card?.title || url,
      ...(card?.description ? { description: card.description } : {}),
    };
    if (!card?.thumb) return article;
    try {
      const thumb = ["image/jpeg", "image/png", "image/gif"].includes(card.thumb.mimeType)
        ? card.thumb.bytes
        : await sharp(card.thumb.bytes).flatten({ background: "#ffffff" }).jpeg({ quality: 85 }).toBuffer();
      const urn = await uploadLinkedInBytes({
        fetch,
        apiUrl: base,
        accessToken,
        owner: config.authorUrn,
        bytes: thumb,
        what: "uploading the link's preview image",
        signal,
      });
      return { ...article, thumbnail: urn };
    } catch (err) {
      if (err instanceof PublishError && err.kind === "reconnect") throw err;
      log.info({ ...ctx, err: (err as Error).message }, "the link's preview image was not sent");
      return article;
    }
  }

  async function lookFor(
    accessToken: string,
    base: string,
    config: LinkedInConfig,
    draft: LinkedInPostDraft,
    imageUrns: string[],
    since: Date,
    request: Pick<PublishRequest, "signal" | "claimedPostIds">,
  ): Promise<string | null> {
    try {
      const found = await findSentPost({
        fetch,
        apiUrl: base,
        accessToken,
        expected: { author: config.authorUrn, commentary: draft.commentary, imageUrns },
        since,
        signal: request.signal,
        exclude: await claimedPostIdsOf(request, since),
      });
      return found?.id ?? null;
    } catch (err) {
      throw new PublishError(
        "unknown_outcome",
        `could not check whether the post was created (${linkedinMessage(err)})`,
        { httpStatus: linkedinHttpStatus(err) },
      );
    }
  }

  async function uploadAll(
    request: PublishRequest,
    accessToken: string,
    base: string,
    config: LinkedInConfig,
    state: LinkedInState,
    checkpoint: (patch: LinkedInState) => Promise<void>,
  ): Promise<string[]> {
    const saved = Array.isArray(state.linkedinImages) ? state.linkedinImages : [];
    const done: { itemId: string; imageUrn: string }[] = [];
    for (const [index, item] of request.post.media.entries()) {
      const prior = saved[index];
      if (prior && prior.itemId === item.id && typeof prior.imageUrn === "string") {
        done.push(prior);
        continue;
      }
      const imageUrn = await uploadLinkedInImage({
        fetch,
        apiUrl: base,
        accessToken,
        owner: config.authorUrn,
        item,
        position: index + 1,
        workspaceId: request.post.workspaceId,
        storage: storage(),
        db,
        signal: request.signal,
      });
      done.push({ itemId: item.id, imageUrn });
      await checkpoint({ linkedinImages: [...done] });
    }
    return done.map((d) => d.imageUrn);
  }

  async function metrics(request: MetricsRequest): Promise<PostMetrics> {
    if (!request.platformPostId) throw new PublishError("permanent", "no LinkedIn post URN was recorded for this post");
    const config = readConfig(request.channel.config);
    const accessToken = await freshToken(request);
    try {
      return await readLinkedInMetrics({
        fetch,
        apiUrl: apiUrl(),
        accessToken,
        authorUrn: config.authorUrn,
        postUrn: request.platformPostId,
        signal: request.signal,
      });
    } catch (err) {
      throw mapLinkedInError(err, "reading the post's statistics");
    }
  }

  /**
   * A later attempt can tell whether an earlier one posted: with a send time checkpointed it searches the author's
   * recent posts (publish above); with none (absent, or null after a definite refusal) the create request never
   * left, since the send time is durable before it does. Only a malformed send time leaves it unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    return canConfirmBySendTime(state.linkedinSentAt);
  }

  return {
    platform: "LINKEDIN",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: formatLinkedInPost,
    publish,
    metrics,
  };
}

/** LinkedIn, with the process's settings, storage, database and outbound policy. */
export const linkedinAdapter: PlatformAdapter = createLinkedInAdapter();
