import type { SendTweetV2Params, TwitterApi } from "twitter-api-v2";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { readFreshAccessToken } from "@/lib/oauth/read-fresh-access-token";
import { canConfirmBySendTime } from "@/lib/publishing/networks/can-confirm-by-send-time";
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
import { createXUserClient } from "@/lib/publishing/networks/x/client";
import {
  type XConfig,
  type XSettings,
  xConfigSchema,
  xCredentialsSchema,
  xSettingsFromEnv,
} from "@/lib/publishing/networks/x/config";
import { findSentPost } from "@/lib/publishing/networks/x/find-sent-post";
import { formatXPost, type XPostBody, xPostUrl } from "@/lib/publishing/networks/x/format";
import { isDuplicateContent, mapXError, xHttpStatus, xMessage } from "@/lib/publishing/networks/x/map-x-error";
import { xMetricsOf } from "@/lib/publishing/networks/x/metrics-of";
import { xOAuthNetwork } from "@/lib/publishing/networks/x/oauth";
import { uploadXMedia, type XUploadedMedia } from "@/lib/publishing/networks/x/upload-media";

const log = logger("publish:x");

/** A kept media id is uploaded anew when X would forget it within this margin (ms). */
const MEDIA_EXPIRY_MARGIN_MS = 10 * 60_000;

export interface XAdapterOptions {
  settings?: () => XSettings;
  /** The login whose refresh renews expiring tokens (default: the X login with env settings). */
  network?: OAuthNetwork;
  /** Which non-public addresses may be targets; default: OUTBOUND_ALLOW_CIDRS, read at each call. */
  policy?: () => OutboundPolicy;
  resolve?: Resolve;
  storage?: () => MediaStorage;
  db?: () => Db;
  now?: () => Date;
  requestTimeoutMs?: number;
  chunkBytes?: number;
  mediaTimeoutMs?: number;
  maxPollWaitMs?: number;
}

/**
 * What the adapter checkpoints (PublishRequest.checkpoint) between its steps, so a retry neither uploads twice nor
 * posts twice: `xMedia` — the uploaded media in the post's order (XUploadedMedia: item, X media id, expiry);
 * `xSentAt` — when the POST /2/tweets request left (ISO 8601), written before it leaves, cleared (null) after a
 * definite refusal.
 */
type XState = { xMedia?: XUploadedMedia[]; xSentAt?: string | null };

function readConfig(config: unknown): XConfig {
  return parseChannelData(xConfigSchema, config, "this X channel has no connected account: connect it again");
}

function readToken(credentials: Record<string, unknown>): string {
  return parseChannelData(xCredentialsSchema, credentials, "this X channel has no access token: connect it again")
    .accessToken;
}

/**
 * The TWITTER adapter (X API v2), through twitter-api-v2 (https://github.com/PLhery/node-twitter-api-v2), which
 * talks to X_API_URL through the outbound guard (client.ts: guardedXPlugin).
 *
 * publish: renews the access token first when it expires within 5 minutes (ensureFreshCredentials, under the
 * channel's lock; X rotates refresh tokens). Uploads the media with the chunked v2 upload and their alt text
 * (uploadXMedia; ids checkpointed one by one and reused by a later attempt unless X is about to forget them),
 * then checkpoints the send time and POSTs /2/tweets { text, media.media_ids }
 * (https://docs.x.com/x-api/posts/create-post). X takes no idempotency key, so exactly once rests on looking:
 * when the post request gets no answer (or a 5xx), the user's posts created since the send time are searched for
 * it (findSentPost: same text and media count, not a post another publication on the channel already is) — found:
 * published; not found: PublishError "unknown_outcome" (the
 * result becomes UNCONFIRMED, nothing is sent again). A later attempt that finds a send time looks first and never
 * sends again either. A 403 duplicate-content refusal is looked up the same way (our own lost post found: its
 * receipt); not found, it is X's permanent refusal with X's words (the account posted that text before).
 * Errors (mapXError): 401 → "reconnect"; 429 → transient after x-rate-limit-reset; 403 and 400 (policy, media
 * refused, invalid) → permanent with X's message (the problem's detail).
 *
 * metrics: GET /2/tweets/:id with public, non-public and organic metrics (https://docs.x.com/x-api/fundamentals/metrics;
 * only public ones when X refuses the others), followers from GET /2/users/me (xMetricsOf).
 */
export function createXAdapter({
  settings = xSettingsFromEnv,
  network = xOAuthNetwork,
  policy = outboundPolicyFromEnv,
  resolve,
  storage = getMediaStorage,
  db = getPrisma,
  now = () => new Date(),
  requestTimeoutMs,
  chunkBytes,
  mediaTimeoutMs,
  maxPollWaitMs,
}: XAdapterOptions = {}): PlatformAdapter {
  function open(accessToken: string, signal: AbortSignal): TwitterApi {
    return createXUserClient(accessToken, {
      apiUrl: settings().apiUrl,
      policy: policy(),
      resolve,
      signal,
      timeoutMs: requestTimeoutMs,
    });
  }

  const receiptOf = (config: XConfig, id: string, httpStatus = 201): PublishReceipt => ({
    platformPostId: id,
    url: xPostUrl(config.username, id),
    httpStatus,
  });

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const config = readConfig(channel.config);
    const client = open(await readFreshAccessToken({ request, network, readToken, now }), signal);
    const body = formatXPost(post);
    const state: XState = { ...((request.state ?? {}) as XState) };
    const checkpoint = async (patch: XState) => {
      Object.assign(state, patch);
      await request.checkpoint?.(patch);
    };
    const ctx = { channelId: channel.id, postId: post.id };

    if (state.xSentAt) {
      const found = await lookFor(client, request, config, body, new Date(state.xSentAt), "an earlier attempt");
      if (found) {
        log.info({ ...ctx, xPostId: found }, "an earlier attempt's post is on X");
        return receiptOf(config, found, 200);
      }
      throw new PublishError(
        "unknown_outcome",
        `an earlier attempt's post request got no answer and the post is not among @${config.username}'s recent ` +
          "posts yet; X takes no idempotency key, so it is not sent again",
      );
    }
    const media = await uploadAll(client, request, state, checkpoint, false);
    return send(client, config, body, media, { request, state, checkpoint, ctx });
  }

  /**
   * The id of the post this request made, found among the user's recent posts (findSentPost), or null. Posts that
   * another publication on this channel already published are not it: two Cadence posts with the same text a
   * minute apart make a match for both within the clock-skew window, and the second is X's duplicate refusal, not
   * the first post.
   */
  async function lookFor(
    client: TwitterApi,
    request: Pick<PublishRequest, "claimedPostIds">,
    config: XConfig,
    body: XPostBody,
    since: Date,
    which: string,
  ) {
    const exclude = await claimedPostIdsOf(request, since);
    try {
      const found = await findSentPost({ client, userId: config.userId, expected: body, since, exclude });
      return found?.id ?? null;
    } catch (err) {
      throw new PublishError("unknown_outcome", `could not check whether ${which} posted on X (${xMessage(err)})`, {
        httpStatus: xHttpStatus(err),
      });
    }
  }

  async function uploadAll(
    client: TwitterApi,
    request: PublishRequest,
    state: XState,
    checkpoint: (patch: XState) => Promise<void>,
    fresh: boolean,
  ): Promise<{ ids: string[]; reused: boolean }> {
    const saved = fresh || !Array.isArray(state.xMedia) ? [] : state.xMedia;
    const done: XUploadedMedia[] = [];
    let reused = false;
    for (const [index, item] of request.post.media.entries()) {
      const prior = saved[index];
      const current =
        prior?.expiresAt == null || Date.parse(prior.expiresAt) - now().getTime() > MEDIA_EXPIRY_MARGIN_MS;
      if (prior && prior.itemId === item.id && typeof prior.mediaId === "string" && current) {
        done.push(prior);
        reused = true;
        continue;
      }
      const uploaded = await uploadXMedia({
        client,
        item,
        position: index + 1,
        workspaceId: request.post.workspaceId,
        storage: storage(),
        db,
        signal: request.signal,
        now,
        chunkBytes,
        timeoutMs: mediaTimeoutMs,
        maxPollWaitMs,
      });
      done.push(uploaded);
      await checkpoint({ xMedia: [...done] });
    }
    return { ids: done.map((d) => d.mediaId), reused };
  }

  async function send(
    client: TwitterApi,
    config: XConfig,
    body: XPostBody,
    media: { ids: string[]; reused: boolean },
    ctx: {
      request: PublishRequest;
      state: XState;
      checkpoint: (patch: XState) => Promise<void>;
      ctx: Record<string, string>;
    },
  ): Promise<PublishReceipt> {
    const payload: SendTweetV2Params = {};
    if (body.text !== "") payload.text = body.text;
    // X takes 1 to 4 media per post (the content rules checked that before scheduling).
    if (media.ids.length > 0) payload.media = { media_ids: media.ids as [string] };
    const sentAt = now();
    await ctx.checkpoint({ xSentAt: sentAt.toISOString() });
    let firstError: unknown;
    try {
      const answer = await client.v2.tweet(payload);
      return receiptOf(config, answer.data.id);
    } catch (err) {
      firstError = err;
    }
    const status = xHttpStatus(firstError);
    if (status !== undefined && status < 500) {
      if (isDuplicateContent(firstError)) {
        // X keeps a post with this text: ours, if an answer was lost on the way, or one the account made before.
        const found = await lookFor(client, ctx.request, config, body, sentAt, "the refused request");
        await ctx.checkpoint({ xSentAt: null });
        if (found) return receiptOf(config, found, 200);
        throw mapXError(firstError, "X refused the post as a duplicate of an earlier one");
      }
      // A definite refusal: nothing was posted.
      await ctx.checkpoint({ xSentAt: null });
      if (media.reused && status === 400 && /media/i.test(xMessage(firstError))) {
        log.info(ctx.ctx, "X refused kept media ids; uploading the media again");
        const again = await uploadAll(client, ctx.request, ctx.state, ctx.checkpoint, true);
        return send(client, config, body, again, ctx);
      }
      throw mapXError(firstError, "posting to X");
    }
    // No answer, or a 5xx: the post may exist. Look before anything is sent again — and X takes no idempotency key,
    // so nothing is sent again when it is not found.
    const said = xMessage(firstError);
    log.warn({ ...ctx.ctx, err: said }, "the post request got no usable answer; looking for the post");
    const found = await lookFor(client, ctx.request, config, body, sentAt, "the lost request");
    if (found) return receiptOf(config, found, 200);
    throw new PublishError(
      "unknown_outcome",
      `posting to X got no answer (${said}) and the post is not among @${config.username}'s recent posts yet; ` +
        "X takes no idempotency key, so it is not sent again",
      { httpStatus: status },
    );
  }

  async function metrics(request: MetricsRequest): Promise<PostMetrics> {
    const { channel, platformPostId, signal } = request;
    if (!platformPostId) throw new PublishError("permanent", "no X post id was recorded for this post");
    readConfig(channel.config);
    const accessToken = await readFreshAccessToken({ request, network, readToken, now });
    return xMetricsOf({ client: open(accessToken, signal), postId: platformPostId });
  }

  /**
   * A later attempt can tell whether an earlier one posted: with a send time checkpointed it searches the user's
   * recent posts (publish above); with none (absent or null, cleared after a definite refusal) the post request
   * never left, since the send time is durable before it does. Only a malformed send time leaves it unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    return canConfirmBySendTime(state.xSentAt);
  }

  return {
    platform: "TWITTER",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: (post) => formatXPost(post),
    publish,
    metrics,
  };
}

/** X with the process's settings, storage, database and outbound policy. */
export const xAdapter: PlatformAdapter = createXAdapter();
