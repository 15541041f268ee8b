import { z } from "zod";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { ensureFreshCredentials } from "@/lib/oauth/ensure-fresh-credentials";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { canConfirmBySendTime } from "@/lib/publishing/networks/can-confirm-by-send-time";
import { findSentPost } from "@/lib/publishing/networks/facebook/find-sent-post";
import { formatFacebookPost } from "@/lib/publishing/networks/facebook/format";
import { metaOAuthNetwork } from "@/lib/publishing/networks/facebook/oauth";
import { readFacebookMetrics } from "@/lib/publishing/networks/facebook/read-metrics";
import { GraphApiError, graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import { graphErrorMessage, mapGraphError } from "@/lib/publishing/networks/meta/map-graph-error";
import { type MetaSettings, metaSettings } from "@/lib/publishing/networks/meta/meta-settings";
import {
  claimedPostIdsOf,
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

/** Largest photo Facebook takes, and its photo types (lib/publishing/rules/facebook.ts cites the sources). */
const MAX_PHOTO_BYTES = facebookRules.media.image?.maxBytes ?? 10_000_000;
const PHOTO_TYPES = facebookRules.media.image?.mimeTypes ?? ["image/jpeg", "image/png"];

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
  /** Where a photo's JPEG copy is read from and kept (photos over `maxPhotoBytes` or of another type). */
  storage?: () => MediaStorage;
  db?: () => Db;
  /** Largest photo sent as it is (default Facebook's 10 MB); larger ones go as a JPEG copy that fits. */
  maxPhotoBytes?: number;
  now?: () => Date;
}

function readChannel(config: unknown, credentials: Record<string, unknown>) {
  const c = configSchema.safeParse(config);
  if (!c.success) throw new PublishError("reconnect", "this Facebook channel has no connected Page: connect it again");
  const t = credentialsSchema.safeParse(credentials);
  if (!t.success) throw new PublishError("reconnect", "this Facebook channel has no Page access token: reconnect it");
  return { pageId: c.data.pageId, accessToken: t.data.accessToken };
}

/** True when the original cannot go as it is: a still image over `maxBytes` or of a type Facebook does not take. */
const needsCopy = (item: PublishableMedia, maxBytes: number) =>
  item.kind === "IMAGE" && (item.bytes > maxBytes || !PHOTO_TYPES.includes(item.mimeType));

/** Why a media item cannot be sent as a Facebook photo, or null. */
function photoProblem(item: PublishableMedia, position: number, maxBytes: number): string | null {
  const which = `media ${position} (${item.name})`;
  if (item.kind === "VIDEO") {
    return `Cadence does not post videos to Facebook Pages yet (${which}): remove it from the post or post it by hand`;
  }
  if (needsCopy(item, maxBytes)) return item.storageKey ? null : `${which}: its stored file is not known`;
  if (item.bytes > maxBytes) return `${which} is ${item.bytes} bytes; Facebook takes photos up to ${maxBytes} bytes`;
  if (!item.url) return `${which} has no public URL Facebook could fetch it from: ${item.urlProblem ?? "unknown"}`;
  return null;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The FACEBOOK adapter: posts to a Facebook Page with the Page access token (Graph API, lib/publishing/networks/meta).
 * - Text and links: POST /{page-id}/feed with `message` and, when the post has no media, the text's first URL as
 *   `link` (a link preview). Photos: each uploaded with POST /{page-id}/photos (`url` = the item's signed public URL,
 *   which Facebook fetches — or, for a still image over 10 MB or of a type Facebook does not take, a JPEG copy that
 *   fits uploaded as the file, `source`; `published=false`; alt text as `alt_text_custom`), then one POST /{page-id}/feed with
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
  storage = getMediaStorage,
  db = getPrisma,
  maxPhotoBytes = MAX_PHOTO_BYTES,
  now = () => new Date(),
}: FacebookAdapterOptions = {}): PlatformAdapter {
  /** The JPEG copy (ensureMediaVariant, purpose "facebook-image") of a photo that cannot go as it is, as a Blob. */
  async function photoCopy(item: PublishableMedia, workspaceId: string, which: string): Promise<Blob> {
    try {
      const copy = await ensureMediaVariant({
        db: db(),
        storage: storage(),
        item: { ...item, storageKey: item.storageKey ?? "", workspaceId },
        purpose: "facebook-image",
        maxBytes: maxPhotoBytes,
        mimeTypes: PHOTO_TYPES,
      });
      const object = await storage().get(copy.storageKey);
      if (!object) throw new Error("the copy is missing from media storage");
      return new Blob([new Uint8Array(await readAll(object.body))], { type: copy.mimeType });
    } catch (err) {
      throw new PublishError("permanent", `${which}: no copy Facebook takes could be made (${(err as Error).message})`);
    }
  }

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
      const problem = photoProblem(item, i + 1, maxPhotoBytes);
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
        const exclude = await claimedPostIdsOf(request, since);
        return await findSentPost({
          pageId,
          accessToken,
          message: body.message,
          since,
          signal,
          settings: s,
          fetch,
          exclude,
        });
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
        const which = `uploading photo ${i + 1} (${item.name})`;
        // Facebook fetches the original from its signed URL; a copy that fits is uploaded as the file (`source`).
        const file = needsCopy(item, maxPhotoBytes) ? await photoCopy(item, post.workspaceId, which) : null;
        try {
          const answer = await graph<{ id?: string }>(
            `/${pageId}/photos`,
            { ...(file ? { source: file } : { url: item.url ?? "" }), published: "false", alt_text_custom: alt },
            "POST",
          );
          if (typeof answer.body.id !== "string") throw new Error("Meta answered without a photo id");
          done.push({ itemId: item.id, photoId: answer.body.id });
        } catch (err) {
          throw mapGraphError(err, which);
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
    return canConfirmBySendTime(state.facebookSentAt);
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
