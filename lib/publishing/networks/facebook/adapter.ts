import { z } from "zod";
import { logger } from "@/lib/log";
import { ensureFreshCredentials } from "@/lib/oauth/ensure-fresh-credentials";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { findSentPost } from "@/lib/publishing/networks/facebook/find-sent-post";
import { formatFacebookPost } from "@/lib/publishing/networks/facebook/format";
import { metaOAuthNetwork } from "@/lib/publishing/networks/facebook/oauth";
import { readFacebookMetrics } from "@/lib/publishing/networks/facebook/read-metrics";
import { GraphApiError, graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import { graphErrorMessage, mapGraphError } from "@/lib/publishing/networks/meta/map-graph-error";
import { type MetaSettings, metaSettings } from "@/lib/publishing/networks/meta/meta-settings";
import {
  type MetricsRequest,
  type PlatformAdapter,
  type PostMetrics,
  type PublishableMedia,
  PublishError,
  type PublishReceipt,
  type PublishRequest,
} from "@/lib/publishing/networks/types";
import { facebookRules } from "@/lib/publishing/rules/facebook";

const log = logger("publish:facebook");

/** Largest photo Facebook takes (lib/publishing/rules/facebook.ts cites the source). */
const MAX_PHOTO_BYTES = facebookRules.media.image?.maxBytes ?? 10_000_000;

const configSchema = z.object({ pageId: z.string().regex(/^\d+$/) });
const credentialsSchema = z.object({ accessToken: z.string().min(1) });

/**
 * What the adapter checkpoints between its steps (PublishRequest.checkpoint): `facebookPhotos` — the unpublished
 * photos uploaded so far, in the post's order ([{ itemId, photoId }]), reused by a later attempt; `facebookSentAt` —
 * when the POST /{page-id}/feed left (ISO 8601), written before it leaves and cleared (null) after a definite refusal.
 */
type FacebookState = { facebookPhotos?: { itemId: string; photoId: string }[]; facebookSentAt?: string | null };

export interface FacebookAdapterOptions {
  /** Where Meta is; default: the settings (META_GRAPH_URL, META_GRAPH_VERSION, META_APP_SECRET). */
  settings?: () => MetaSettings;
  /** How requests leave; default: the outbound guard. Tests wrap it to lose answers. */
  fetch?: typeof globalThis.fetch;
  /** The login whose refresh rules apply (ensureFreshCredentials); default Meta's. */
  network?: OAuthNetwork;
  now?: () => Date;
}

function readChannel(config: unknown, credentials: Record<string, unknown>) {
  const c = configSchema.safeParse(config);
  if (!c.success) throw new PublishError("reconnect", "this Facebook channel has no connected Page: connect it again");
  const t = credentialsSchema.safeParse(credentials);
  if (!t.success) throw new PublishError("reconnect", "this Facebook channel has no Page access token: reconnect it");
  return { pageId: c.data.pageId, accessToken: t.data.accessToken };
}

/** Why a media item cannot be sent as a Facebook photo, or null. */
function photoProblem(item: PublishableMedia, position: number): string | null {
  const which = `media ${position} (${item.name})`;
  if (item.kind === "VIDEO") {
    return `Cadence does not post videos to Facebook Pages yet (${which}): remove it from the post or post it by hand`;
  }
  if (!item.url) return `${which} has no public URL Facebook could fetch it from: ${item.urlProblem ?? "unknown"}`;
  if (item.bytes > MAX_PHOTO_BYTES) {
    return `${which} is ${item.bytes} bytes; Facebook takes photos up to ${MAX_PHOTO_BYTES} bytes`;
  }
  return null;
}

/**
 * The FACEBOOK adapter: posts to a Facebook Page with the Page access token (Graph API, lib/publishing/networks/meta).
 * - Text and links: POST /{page-id}/feed with `message` and, when the post has no media, the text's first URL as
 *   `link` (a link preview). Photos: each uploaded with POST /{page-id}/photos (`url` = the item's signed public URL,
 *   which Facebook fetches; `published=false`; alt text as `alt_text_custom`), then one POST /{page-id}/feed with
 *   `attached_media[i]={"media_fbid":…}` (https://developers.facebook.com/docs/pages-api/posts). A single photo goes
 *   the same way, so the feed post is always the one step that can publish. Videos are refused (permanent).
 * - Exactly once without an idempotency key: each photo id is checkpointed as soon as it exists (a retry or another
 *   worker after a crash reuses them; an unpublished photo is invisible, so repeating a lost upload is harmless); the
 *   send time is checkpointed before the feed post leaves. When its answer is lost (no answer, a timeout, a 5xx), or
 *   a later attempt finds a send time, the Page's recent posts are searched for it (findSentPost): found → published;
 *   not found → PublishError "unknown_outcome" (UNCONFIRMED: nothing is sent again).
 * - The receipt's URL is the post's permalink_url (GET /{post-id}?fields=permalink_url; facebook.com/{post-id} if
 *   that read fails).
 * - Errors: mapGraphError (190 → reconnect, throttling → transient with the usage headers' wait, 368 policy, 506
 *   duplicate, media refusals → permanent with Meta's message).
 * - Page tokens from a long-lived user token do not expire (lib/publishing/networks/facebook/oauth.ts): there is
 *   nothing to refresh; ensureFreshCredentials passes them through.
 */
export function createFacebookAdapter({
  settings = metaSettings,
  fetch,
  network = metaOAuthNetwork,
  now = () => new Date(),
}: FacebookAdapterOptions = {}): PlatformAdapter {
  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const credentials = await ensureFreshCredentials({
      credentials: request.credentials,
      network,
      refreshCredentials: request.refreshCredentials,
      signal,
    });
    const { pageId, accessToken } = readChannel(channel.config, credentials);
    const s = settings();
    const body = formatFacebookPost(post, channel);
    for (const [i, item] of post.media.entries()) {
      const problem = photoProblem(item, i + 1);
      if (problem) throw new PublishError("permanent", problem);
    }
    const state: FacebookState = { ...((request.state ?? {}) as FacebookState) };
    const checkpoint = async (patch: FacebookState) => {
      Object.assign(state, patch);
      await request.checkpoint?.(patch);
    };
    const ctx = { postId: post.id, channelId: channel.id, pageId };
    const graph = <T>(path: string, params: Parameters<typeof graphFetch>[0]["params"], method: "GET" | "POST") =>
      graphFetch<T>({
        method,
        path,
        params,
        accessToken,
        appSecret: s.appSecret,
        signal,
        graphUrl: s.graphUrl,
        version: s.version,
        fetch,
      });

    const lookFor = async (since: Date, which: string) => {
      try {
        return await findSentPost({ pageId, accessToken, message: body.message, since, signal, settings: s, fetch });
      } catch (err) {
        const said = err instanceof GraphApiError ? graphErrorMessage(err) : (err as Error).message;
        throw new PublishError("unknown_outcome", `could not check whether ${which} made the Facebook post (${said})`);
      }
    };

    const receipt = async (postId: string, permalink: string | undefined, httpStatus?: number) => {
      let url = permalink ?? null;
      if (!url) {
        url = await graph<{ permalink_url?: string }>(`/${postId}`, { fields: "permalink_url" }, "GET")
          .then((a) => a.body.permalink_url ?? null)
          .catch(() => null);
      }
      return { platformPostId: postId, url: url ?? `https://www.facebook.com/${postId}`, httpStatus };
    };

    if (state.facebookSentAt) {
      const found = await lookFor(new Date(state.facebookSentAt), "an earlier attempt");
      if (found) {
        log.info({ ...ctx, fbPostId: found.id }, "an earlier attempt's post is on the Page");
        return receipt(found.id, found.permalink_url);
      }
      throw new PublishError(
        "unknown_outcome",
        "an earlier attempt sent this post to Facebook without an answer, and it is not among the Page's recent " +
          "posts; Cadence will not send it again on its own",
      );
    }

    const uploadPhotos = async (fresh: boolean) => {
      const saved = fresh || !Array.isArray(state.facebookPhotos) ? [] : state.facebookPhotos;
      const done: { itemId: string; photoId: string }[] = [];
      let reused = false;
      for (const [i, item] of post.media.entries()) {
        const prior = saved[i];
        if (prior && prior.itemId === item.id && typeof prior.photoId === "string") {
          done.push(prior);
          reused = true;
          continue;
        }
        const alt = body.photos[i]?.altText ?? undefined;
        try {
          const answer = await graph<{ id?: string }>(
            `/${pageId}/photos`,
            { url: item.url ?? "", published: "false", alt_text_custom: alt },
            "POST",
          );
          if (typeof answer.body.id !== "string") throw new Error("Meta answered without a photo id");
          done.push({ itemId: item.id, photoId: answer.body.id });
        } catch (err) {
          throw mapGraphError(err, `uploading photo ${i + 1} (${item.name})`);
        }
        await checkpoint({ facebookPhotos: [...done] });
      }
      return { ids: done.map((d) => d.photoId), reused };
    };

    const send = async (photos: { ids: string[]; reused: boolean }, again: boolean): Promise<PublishReceipt> => {
      const params = {
        message: body.message || undefined,
        link: body.link ?? undefined,
        attached_media: photos.ids.map((id) => JSON.stringify({ media_fbid: id })),
      };
      const sentAt = now();
      await checkpoint({ facebookSentAt: sentAt.toISOString() });
      let failure: unknown;
      try {
        const answer = await graph<{ id?: string }>(`/${pageId}/feed`, params, "POST");
        if (typeof answer.body.id === "string") return await receipt(answer.body.id, undefined, answer.status);
        failure = new Error("Meta answered without a post id");
      } catch (err) {
        failure = err;
      }
      const definite =
        failure instanceof GraphApiError && failure.httpStatus < 500 && failure.code !== 1 && failure.code !== 2;
      if (definite) {
        await checkpoint({ facebookSentAt: null });
        const stale = failure as GraphApiError;
        if (photos.reused && !again && stale.code === 100 && /attached_media|media_fbid/i.test(stale.message)) {
          // Photos kept from an earlier attempt can be gone (Meta removes unpublished photos after a while).
          log.info(ctx, "Meta refused kept photo ids; uploading the photos again");
          return send(await uploadPhotos(true), true);
        }
        throw mapGraphError(failure, "posting to the Page");
      }
      const said = failure instanceof GraphApiError ? graphErrorMessage(failure) : (failure as Error)?.message;
      log.warn({ ...ctx, err: said }, "the feed post got no usable answer; looking for it on the Page");
      const found = await lookFor(sentAt, "the lost request");
      if (found) return receipt(found.id, found.permalink_url);
      throw new PublishError(
        "unknown_outcome",
        `posting to the Page got no answer (${said}) and the post is not among the Page's recent posts yet; ` +
          "Cadence will not send it again on its own",
        { httpStatus: failure instanceof GraphApiError ? failure.httpStatus : undefined },
      );
    };

    return send(await uploadPhotos(false), false);
  }

  async function metrics(request: MetricsRequest): Promise<PostMetrics> {
    if (!request.platformPostId) throw new PublishError("permanent", "no Facebook post id was recorded for this post");
    const credentials = await ensureFreshCredentials({
      credentials: request.credentials,
      network,
      refreshCredentials: request.refreshCredentials,
      signal: request.signal,
    });
    const { pageId, accessToken } = readChannel(request.channel.config, credentials);
    return readFacebookMetrics({
      pageId,
      postId: request.platformPostId,
      accessToken,
      signal: request.signal,
      settings: settings(),
      fetch,
    });
  }

  /**
   * A later attempt can tell whether an earlier one posted: with a send time it searches the Page's recent posts
   * first (and reports an unknown outcome if the post is not there); with none (absent, or null after a definite
   * refusal) the feed post never left — the send time is durable before it does. Only a malformed one is unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    const sentAt = state.facebookSentAt;
    if (sentAt === undefined || sentAt === null) return true;
    return typeof sentAt === "string" && !Number.isNaN(Date.parse(sentAt));
  }

  return {
    platform: "FACEBOOK",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: formatFacebookPost,
    publish,
    metrics,
  };
}

/** Facebook Pages, with this process's Meta settings and outbound guard. */
export const facebookAdapter: PlatformAdapter = createFacebookAdapter();
