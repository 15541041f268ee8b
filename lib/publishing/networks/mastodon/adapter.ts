import type { mastodon } from "masto";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import { canConfirmBySendTime } from "@/lib/publishing/networks/can-confirm-by-send-time";
import { type MastodonClients, openMastodonClients } from "@/lib/publishing/networks/mastodon/client";
import {
  type MastodonConfig,
  mastodonConfigSchema,
  mastodonCredentialsSchema,
  mastodonHonoursIdempotencyKey,
} from "@/lib/publishing/networks/mastodon/config";
import { findSentStatus } from "@/lib/publishing/networks/mastodon/find-sent-status";
import { formatMastodonStatus, type MastodonStatusBody } from "@/lib/publishing/networks/mastodon/format";
import {
  mapMastodonError,
  mastodonHttpStatus,
  mastodonMessage,
} from "@/lib/publishing/networks/mastodon/map-mastodon-error";
import { uploadMastodonMedia } from "@/lib/publishing/networks/mastodon/upload-media";
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
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";

const log = logger("publish:mastodon");

export interface MastodonAdapterOptions {
  /** Which non-public addresses may be targets; default: OUTBOUND_ALLOW_CIDRS, read at each publish. */
  policy?: () => OutboundPolicy;
  resolve?: Resolve;
  storage?: () => MediaStorage;
  db?: () => Db;
  now?: () => Date;
  /** Longest wait for one request (ms). */
  requestTimeoutMs?: number;
  mediaTimeoutMs?: number;
  mediaPollMs?: number;
}

/**
 * What the adapter checkpoints (PublishRequest.checkpoint) between its steps, so a retry neither uploads twice
 * nor posts twice: `mastodonMedia` — the uploaded media ids in the post's order ([{ itemId, mediaId }]);
 * `mastodonSentAt` — when the last POST /api/v1/statuses left (ISO 8601), written before it leaves.
 */
type MastodonState = { mastodonMedia?: { itemId: string; mediaId: string }[]; mastodonSentAt?: string | null };

function readConfig(config: unknown): MastodonConfig {
  return parseChannelData(
    mastodonConfigSchema,
    config,
    "this Mastodon channel has no connected account: connect it again",
  );
}

function readToken(credentials: Record<string, unknown>): string {
  return parseChannelData(
    mastodonCredentialsSchema,
    credentials,
    "this Mastodon channel has no access token: reconnect it",
  ).accessToken;
}

const receiptOf = (status: mastodon.v1.Status, httpStatus = 200): PublishReceipt => ({
  platformPostId: status.id,
  url: httpUrlOrNull(status.url ?? status.uri),
  httpStatus,
});

/**
 * The MASTODON adapter (any server of Mastodon's API: Mastodon, GoToSocial, …), through masto
 * (https://github.com/neet/masto.js) and the outbound guard (openMastodonClients).
 *
 * publish: uploads the media (uploadMastodonMedia; ids checkpointed, reused by a retry — and uploaded anew when the
 * server refuses a reused id), then checkpoints the send time and POSTs the status with `Idempotency-Key` = the
 * request's key, visibility / content warning / language from the channel (config.ts). Exactly once without
 * trusting the key: when the status request gets no answer (or a 5xx), the account's recent statuses are searched
 * for it (findSentStatus: same text, content warning and media descriptions, created after the send time) — found:
 * published; not found on Mastodon proper (mastodonHonoursIdempotencyKey) → sent again with the same key, which
 * Mastodon drops if it was a repeat; not found elsewhere (GoToSocial ignores the key) → PublishError
 * "unknown_outcome", so the result becomes UNCONFIRMED and nothing is sent again. An attempt that finds a send time
 * from an earlier one looks first, too. `supportsIdempotencyKey` is false for the same reason: a lost answer must
 * never be blindly repeated on a server that may not drop repeats.
 * Errors: 401 → "reconnect"; 429 → transient after Retry-After / X-RateLimit-Reset; 422 and other 4xx → permanent
 * with the server's message (mapMastodonError).
 *
 * metrics: GET /api/v1/statuses/:id → favourites_count (likes), reblogs_count (shares), replies_count (comments),
 * the author's followers_count (https://docs.joinmastodon.org/entities/Status/).
 */
export function createMastodonAdapter({
  policy = outboundPolicyFromEnv,
  resolve,
  storage = getMediaStorage,
  db = getPrisma,
  now = () => new Date(),
  requestTimeoutMs,
  mediaTimeoutMs,
  mediaPollMs,
}: MastodonAdapterOptions = {}): PlatformAdapter {
  async function open(config: MastodonConfig, accessToken: string, signal: AbortSignal, what: string) {
    try {
      return await openMastodonClients({
        serverUrl: config.serverUrl,
        accessToken,
        policy: policy(),
        resolve,
        signal,
        timeoutMs: requestTimeoutMs,
      });
    } catch (err) {
      throw mapMastodonError(err, what);
    }
  }

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, idempotencyKey, signal } = request;
    const config = readConfig(channel.config);
    const accessToken = readToken(request.credentials);
    const body = formatMastodonStatus(post, channel);
    const state: MastodonState = { ...((request.state ?? {}) as MastodonState) };
    const checkpoint = async (patch: MastodonState) => {
      Object.assign(state, patch);
      await request.checkpoint?.(patch);
    };
    const clients = await open(config, accessToken, signal, "connecting to the Mastodon server");
    const ctx = { channelId: channel.id, postId: post.id };
    try {
      if (state.mastodonSentAt) {
        const found = await lookFor(
          clients,
          config,
          body,
          new Date(state.mastodonSentAt),
          "an earlier attempt",
          request,
        );
        if (found) {
          log.info({ ...ctx, statusId: found.id }, "an earlier attempt's status is on the server");
          return receiptOf(found);
        }
      }
      const uploaded = await uploadAll(clients, request, config, state, checkpoint, false);
      return await send(clients, config, body, uploaded, { idempotencyKey, checkpoint, request, state, ctx });
    } finally {
      await clients.close();
    }
  }

  async function lookFor(
    clients: MastodonClients,
    config: MastodonConfig,
    body: MastodonStatusBody,
    since: Date,
    which: string,
    request: Pick<PublishRequest, "claimedPostIds">,
  ) {
    try {
      const exclude = await claimedPostIdsOf(request, since);
      return await findSentStatus({ rest: clients.rest, accountId: config.accountId, expected: body, since, exclude });
    } catch (err) {
      throw new PublishError(
        "unknown_outcome",
        `could not check whether ${which} posted the status (${mastodonMessage(err)})`,
        { httpStatus: mastodonHttpStatus(err) },
      );
    }
  }

  async function uploadAll(
    clients: MastodonClients,
    request: PublishRequest,
    config: MastodonConfig,
    state: MastodonState,
    checkpoint: (patch: MastodonState) => Promise<void>,
    fresh: boolean,
  ): Promise<{ ids: string[]; reused: boolean }> {
    const saved = fresh || !Array.isArray(state.mastodonMedia) ? [] : state.mastodonMedia;
    const maxImageBytes = readChannelLimits(config).maxImageBytes;
    const done: { itemId: string; mediaId: string }[] = [];
    let reused = false;
    for (const [index, item] of request.post.media.entries()) {
      const prior = saved[index];
      if (prior && prior.itemId === item.id && typeof prior.mediaId === "string") {
        done.push(prior);
        reused = true;
        continue;
      }
      const mediaId = await uploadMastodonMedia({
        rest: clients.rest,
        item,
        position: index + 1,
        workspaceId: request.post.workspaceId,
        maxImageBytes,
        storage: storage(),
        db,
        signal: request.signal,
        timeoutMs: mediaTimeoutMs,
        pollMs: mediaPollMs,
      });
      done.push({ itemId: item.id, mediaId });
      await checkpoint({ mastodonMedia: [...done] });
    }
    return { ids: done.map((d) => d.mediaId), reused };
  }

  async function send(
    clients: MastodonClients,
    config: MastodonConfig,
    body: MastodonStatusBody,
    media: { ids: string[]; reused: boolean },
    ctx: {
      idempotencyKey: string;
      checkpoint: (patch: MastodonState) => Promise<void>;
      request: PublishRequest;
      state: MastodonState;
      ctx: Record<string, string>;
    },
  ): Promise<PublishReceipt> {
    const create = () =>
      clients.rest.v1.statuses.create(
        {
          status: body.status,
          mediaIds: media.ids.length > 0 ? media.ids : undefined,
          visibility: body.visibility ?? undefined,
          spoilerText: body.spoilerText ?? undefined,
          language: body.language ?? undefined,
        },
        { requestInit: { headers: { "Idempotency-Key": ctx.idempotencyKey } } },
      );
    const sentAt = now();
    await ctx.checkpoint({ mastodonSentAt: sentAt.toISOString() });
    let firstError: unknown;
    try {
      return receiptOf(await create());
    } catch (err) {
      firstError = err;
    }
    const status = mastodonHttpStatus(firstError);
    if (status !== undefined && status < 500) {
      // A definite refusal: nothing was posted.
      await ctx.checkpoint({ mastodonSentAt: null });
      if (media.reused && (status === 400 || status === 422) && /media|attach/i.test(mastodonMessage(firstError))) {
        // Media ids kept from an earlier attempt can be refused (GoToSocial: already used): upload them anew.
        log.info(ctx.ctx, "the server refused kept media ids; uploading the media again");
        const fresh = await uploadAll(clients, ctx.request, config, ctx.state, ctx.checkpoint, true);
        return send(clients, config, body, fresh, ctx);
      }
      throw mapMastodonError(firstError, "posting the status");
    }
    // No answer, or a 5xx: the status may exist. Look before anything is sent again.
    const said = mastodonMessage(firstError);
    log.warn({ ...ctx.ctx, err: said }, "the status request got no usable answer; looking for the status");
    const found = await lookFor(clients, config, body, sentAt, "the lost request", ctx.request);
    if (found) return receiptOf(found);
    if (mastodonHonoursIdempotencyKey(config)) {
      try {
        return receiptOf(await create());
      } catch (err) {
        const again = mastodonHttpStatus(err);
        if (again !== undefined && again < 500) throw mapMastodonError(err, "posting the status");
        throw new PublishError("unknown_outcome", `posting the status got no answer twice (${mastodonMessage(err)})`);
      }
    }
    throw new PublishError(
      "unknown_outcome",
      `posting the status got no answer (${said}) and it is not among ${config.acct ?? "the account"}'s recent ` +
        "statuses yet; this server does not honour Idempotency-Key",
      { httpStatus: status },
    );
  }

  async function metrics({ channel, credentials, platformPostId, signal }: MetricsRequest): Promise<PostMetrics> {
    if (!platformPostId) throw new PublishError("permanent", "no Mastodon status id was recorded for this post");
    const config = readConfig(channel.config);
    const clients = await open(config, readToken(credentials), signal, "connecting to the Mastodon server");
    try {
      const status = await clients.rest.v1.statuses.$select(platformPostId).fetch();
      return {
        impressions: null,
        reach: null,
        likes: status.favouritesCount,
        comments: status.repliesCount,
        shares: status.reblogsCount,
        saves: 0,
        clicks: 0,
        followers: typeof status.account?.followersCount === "number" ? status.account.followersCount : null,
      };
    } catch (err) {
      throw mapMastodonError(err, "reading the status");
    } finally {
      await clients.close();
    }
  }

  /**
   * A later attempt can tell whether an earlier one posted: with a send time checkpointed it searches the recent
   * statuses first (publish above); with none (absent or null, cleared after a definite refusal) the status request
   * never left, since the send time is durable before it does. Only a malformed send time leaves it unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    return canConfirmBySendTime(state.mastodonSentAt);
  }

  return {
    platform: "MASTODON",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: formatMastodonStatus,
    publish,
    metrics,
  };
}

/** Mastodon and servers of its API (GoToSocial, …), with the process's storage, database and outbound policy. */
export const mastodonAdapter: PlatformAdapter = createMastodonAdapter();
