import { type Db, getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { fetchableMediaUrl } from "@/lib/publishing/fetchable-media-url";
import {
  type InstagramConfig,
  instagramConfigSchema,
  instagramCredentialsSchema,
} from "@/lib/publishing/networks/instagram/config";
import { ContainerExpiredError, waitForContainer } from "@/lib/publishing/networks/instagram/containers";
import { formatInstagramPost, type InstagramPostBody } from "@/lib/publishing/networks/instagram/format";
import { createGraphClient, type GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { lookAfterPublish } from "@/lib/publishing/networks/instagram/look-after-publish";
import { makeContainers } from "@/lib/publishing/networks/instagram/make-containers";
import { instagramErrorText, mapInstagramError } from "@/lib/publishing/networks/instagram/map-instagram-error";
import { readInstagramMetrics } from "@/lib/publishing/networks/instagram/read-metrics";
import { readPublishingQuota } from "@/lib/publishing/networks/instagram/read-publishing-quota";
import { readReceipt } from "@/lib/publishing/networks/instagram/read-receipt";
import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";
import { type MetaSettings, metaSettings } from "@/lib/publishing/networks/meta/meta-settings";
import { parseChannelData } from "@/lib/publishing/networks/parse-channel-data";
import {
  type MetricsRequest,
  type PlatformAdapter,
  type PostMetrics,
  PublishError,
  type PublishingQuota,
  type PublishReceipt,
  type PublishRequest,
  type QuotaRequest,
} from "@/lib/publishing/networks/types";
import { instagramRules } from "@/lib/publishing/rules/instagram";

const log = logger("publish:instagram");

export interface InstagramAdapterOptions {
  /** How every Graph request leaves; default: the outbound guard (OUTBOUND_ALLOW_CIDRS). */
  fetch?: typeof globalThis.fetch;
  /** Graph origin, version and app secret; default: META_GRAPH_URL, META_GRAPH_VERSION, META_APP_SECRET. */
  settings?: () => Pick<MetaSettings, "graphUrl" | "version" | "appSecret">;
  db?: () => Db;
  storage?: () => MediaStorage;
  now?: () => Date;
  /** Container status polling (default: once a minute for at most 5 minutes, as Meta advises); tests go faster. */
  pollIntervalMs?: number;
  maxWaitMs?: number;
  requestTimeoutMs?: number;
}

/**
 * What the adapter checkpoints (PublishRequest.checkpoint), each before the step that depends on it:
 * `igChildren` — the carousel's child containers made so far, in the post's order ([{ itemId, containerId }]);
 * `igContainer` — the container to publish (the image's, the reel's or the carousel's); `igPublishSentAt` — when
 * the media_publish request left (ISO 8601), written before it leaves, null once Instagram definitely refused it.
 */
type InstagramState = {
  igChildren?: { itemId: string; containerId: string }[];
  igContainer?: string | null;
  igPublishSentAt?: string | null;
};

function readConfig(config: unknown): InstagramConfig {
  return parseChannelData(
    instagramConfigSchema,
    config,
    "this Instagram channel has no connected account: connect it again",
  );
}

function readToken(credentials: Record<string, unknown>): string {
  return parseChannelData(
    instagramCredentialsSchema,
    credentials,
    "this Instagram channel has no access token: reconnect it",
  ).accessToken;
}

/**
 * The INSTAGRAM adapter: Instagram professional accounts through the Graph API (Instagram API with Facebook Login,
 * https://developers.facebook.com/docs/instagram-platform/content-publishing), with the Page access token the Meta
 * login stored. Nothing to refresh: a Page token from a long-lived user token does not expire (`expiresAt` null).
 *
 * publish: checks the 24-hour publishing limit (GET /<ig-user-id>/content_publishing_limit, readPublishingQuota),
 * then makes the container(s) from the signed public media URLs Instagram fetches itself (fetchableMediaUrl: JPEG
 * only, a PNG goes as its JPEG copy): one image (image_url, alt_text, caption), one reel (media_type=REELS,
 * video_url, share_to_feed), or a carousel (a child container per item with is_carousel_item, then a CAROUSEL
 * container with `children` and the caption). Each container id is checkpointed as soon as it exists and each is
 * polled until FINISHED (waitForContainer); a retry reuses them (an EXPIRED one — 24 hours — starts the post over).
 * Then it checkpoints the send time and POSTs /<ig-user-id>/media_publish creation_id=<container>; the receipt's URL
 * is the media's permalink (GET /<media-id>?fields=permalink).
 * Exactly once: a container publishes as one media; when media_publish gets no answer (or a 5xx), or a later attempt
 * finds a send time, the container's status is read first: PUBLISHED → the media is found among the account's
 * newest (findPublishedMedia) and returned, never published again (not found → "unknown_outcome"); FINISHED → it was
 * not published, and is published (the retry does, after a transient error).
 * Errors: mapInstagramError over the shared Meta mapping (190 → reconnect, throttling transient, Instagram's media
 * refusals permanent with Meta's message, a personal account → "account not eligible").
 *
 * metrics: readInstagramMetrics (views, reach, likes, comments, shares, saved; followers_count of the account).
 */
export function createInstagramAdapter({
  fetch = createGuardedFetch(),
  settings = metaSettings,
  db = getPrisma,
  storage = getMediaStorage,
  now = () => new Date(),
  pollIntervalMs,
  maxWaitMs,
  requestTimeoutMs,
}: InstagramAdapterOptions = {}): PlatformAdapter {
  function open(accessToken: string, signal: AbortSignal): GraphClient {
    return createGraphClient({ settings: settings(), accessToken, fetch, signal, timeoutMs: requestTimeoutMs });
  }

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const config = readConfig(channel.config);
    const graph = open(readToken(request.credentials), signal);
    const body = formatInstagramPost(post);
    if (body.problem) throw new PublishError("permanent", body.problem);
    // Instagram fetches every item itself: without a public URL there is nothing to send (checked before any call).
    for (const [index, item] of post.media.entries()) {
      if (!item.url) {
        throw new PublishError(
          "permanent",
          `media ${index + 1} (${item.name}) has no public URL for Instagram to fetch: ${item.urlProblem ?? "none could be made"}`,
        );
      }
    }
    const state: InstagramState = { ...((request.state ?? {}) as InstagramState) };
    const checkpoint = async (patch: InstagramState) => {
      Object.assign(state, patch);
      await request.checkpoint(patch);
    };
    const ctx = { channelId: channel.id, postId: post.id, igUserId: config.igUserId };

    for (let round = 1; ; round++) {
      try {
        return await attempt({ request, config, graph, body, state, checkpoint, ctx });
      } catch (err) {
        if (!(err instanceof ContainerExpiredError) || round > 1) {
          if (err instanceof ContainerExpiredError) {
            throw new PublishError("transient", `Instagram expired container ${err.containerId} again`);
          }
          throw err;
        }
        log.info(
          { ...ctx, containerId: err.containerId },
          "a kept container expired; making the post's containers anew",
        );
        await checkpoint({ igChildren: [], igContainer: null, igPublishSentAt: null });
      }
    }
  }

  async function attempt({
    request,
    config,
    graph,
    body,
    state,
    checkpoint,
    ctx,
  }: {
    request: PublishRequest;
    config: InstagramConfig;
    graph: GraphClient;
    body: InstagramPostBody;
    state: InstagramState;
    checkpoint: (patch: InstagramState) => Promise<void>;
    ctx: Record<string, string>;
  }): Promise<PublishReceipt> {
    if (state.igContainer && state.igPublishSentAt) {
      const earlier = await lookAfterPublish({
        graph,
        igUserId: config.igUserId,
        body,
        containerId: state.igContainer,
        sentAt: new Date(state.igPublishSentAt),
      });
      if (earlier) {
        log.info({ ...ctx, mediaId: earlier.platformPostId }, "an earlier attempt's post is on Instagram");
        return earlier;
      }
    }
    const quota = await readPublishingQuota(graph, config.igUserId);
    if (quota.usage >= quota.total) {
      throw new PublishError(
        "permanent",
        `Instagram's publishing limit is reached: ${quota.usage} of ${quota.total} API posts in the last ` +
          `${Math.round(quota.durationSec / 3600)} hours; it frees up as the oldest of them passes 24 hours`,
      );
    }
    const { post } = request;
    const urlOf = (index: number) => {
      const item = post.media[index];
      if (!item) throw new PublishError("permanent", `media ${index + 1} is missing`);
      return fetchableMediaUrl({
        platform: "Instagram",
        imageRules: instagramRules.media.image,
        item,
        position: index + 1,
        workspaceId: post.workspaceId,
        db,
        storage,
        now: now(),
      });
    };
    const containerId =
      state.igContainer ??
      (await makeContainers({
        graph,
        igUserId: config.igUserId,
        body,
        kept: Array.isArray(state.igChildren) ? state.igChildren : [],
        urlOf,
        checkpoint,
        signal: request.signal,
        pollIntervalMs,
        maxWaitMs,
      }));
    await waitForContainer({
      graph,
      containerId,
      what: body.kind === "CAROUSEL" ? "the carousel" : `media 1 (${body.items[0]?.name})`,
      signal: request.signal,
      intervalMs: pollIntervalMs,
      maxWaitMs,
    });
    return publishContainer(graph, config, body, containerId, checkpoint, ctx);
  }

  async function publishContainer(
    graph: GraphClient,
    config: InstagramConfig,
    body: InstagramPostBody,
    containerId: string,
    checkpoint: (patch: InstagramState) => Promise<void>,
    ctx: Record<string, string>,
  ): Promise<PublishReceipt> {
    const sentAt = now();
    await checkpoint({ igPublishSentAt: sentAt.toISOString() });
    let failure: unknown;
    try {
      const published = await graph<{ id?: string }>({
        method: "POST",
        path: `${config.igUserId}/media_publish`,
        params: { creation_id: containerId },
      });
      if (typeof published.id === "string") return await readReceipt(graph, published.id);
      failure = new Error("Instagram answered without a media id");
    } catch (err) {
      failure = err;
    }
    if (failure instanceof GraphApiError && failure.httpStatus < 500 && !failure.isTransient) {
      // A definite refusal: nothing was published.
      await checkpoint({ igPublishSentAt: null });
      throw mapInstagramError(failure, "publishing the container");
    }
    // No answer, a 5xx, or no id: the post may exist. Look before anything is sent again.
    log.warn(
      { ...ctx, containerId, err: instagramErrorText(failure) },
      "media_publish got no usable answer; reading the container",
    );
    const found = await lookAfterPublish({ graph, igUserId: config.igUserId, body, containerId, sentAt });
    if (found) return found;
    throw new PublishError(
      "transient",
      `publishing got no answer (${instagramErrorText(failure)}) and container ${containerId} is not published: ` +
        "the retry publishes it",
      { httpStatus: failure instanceof GraphApiError ? failure.httpStatus : undefined },
    );
  }

  async function metrics({ channel, credentials, platformPostId, signal }: MetricsRequest): Promise<PostMetrics> {
    if (!platformPostId) throw new PublishError("permanent", "no Instagram media id was recorded for this post");
    const config = readConfig(channel.config);
    return readInstagramMetrics({
      graph: open(readToken(credentials), signal),
      igUserId: config.igUserId,
      mediaId: platformPostId,
    });
  }

  async function quota({ channel, credentials, signal }: QuotaRequest): Promise<PublishingQuota> {
    const config = readConfig(channel.config);
    return readPublishingQuota(open(readToken(credentials), signal), config.igUserId);
  }

  /**
   * A later attempt can tell whether an earlier one published: with no send time (absent, or null after a definite
   * refusal) media_publish never left, since the time is durable before it does; with one, the container it names
   * is read (lookAfterPublish). Only a send time without a container, or a malformed one, leaves it unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    const sentAt = state.igPublishSentAt;
    if (sentAt === undefined || sentAt === null) return true;
    return typeof sentAt === "string" && !Number.isNaN(Date.parse(sentAt)) && typeof state.igContainer === "string";
  }

  return {
    platform: "INSTAGRAM",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: (post) => formatInstagramPost(post),
    publish,
    metrics,
    quota,
  };
}

/** Instagram professional accounts, with the process's storage, database, settings and outbound policy. */
export const instagramAdapter: PlatformAdapter = createInstagramAdapter();
