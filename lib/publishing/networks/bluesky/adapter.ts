import type {
  Agent,
  AppBskyEmbedExternal,
  AppBskyEmbedImages,
  AppBskyFeedPost,
  AppBskyRichtextFacet,
} from "@atproto/api";
import { XRPCError } from "@atproto/api";
import { TID } from "@atproto/common-web";
import { logger } from "@/lib/log";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { createSessionAgent } from "@/lib/publishing/networks/bluesky/create-session-agent";
import { formatBlueskyPost } from "@/lib/publishing/networks/bluesky/format";
import { mapBlueskyError, publishErrorIn } from "@/lib/publishing/networks/bluesky/map-error";
import { postMetricsFromGetPosts } from "@/lib/publishing/networks/bluesky/post-metrics";
import { createImageReader, type ReadImage } from "@/lib/publishing/networks/bluesky/read-image-to-send";
import { readLinkCard } from "@/lib/publishing/networks/bluesky/read-link-card";
import { POST_COLLECTION, readPostRecord } from "@/lib/publishing/networks/bluesky/read-post-record";
import { refreshBlueskySession } from "@/lib/publishing/networks/bluesky/refresh-session";
import {
  type BlueskyConfig,
  type BlueskyCredentials,
  blueskyConfigSchema,
  blueskyCredentialsSchema,
} from "@/lib/publishing/networks/bluesky/schemas";
import {
  type MetricsRequest,
  type PlatformAdapter,
  PublishError,
  type PublishReceipt,
  type PublishRequest,
} from "@/lib/publishing/networks/types";

const log = logger("publish:bluesky");

/** A TID (https://atproto.com/specs/tid): 13 base32-sortable characters, the record keys of app.bsky.feed.post. */
const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

type Refresh = NonNullable<PublishRequest["refreshCredentials"]>;

export interface BlueskyAdapterOptions {
  /** How every request leaves; default: the outbound guard (OUTBOUND_ALLOW_CIDRS). Tests wrap it to lose answers. */
  fetch?: typeof globalThis.fetch;
  /** Where image bytes come from; default: the media library (with its ≤ 1,000,000-byte JPEG copy). */
  readImage?: ReadImage;
  now?: () => Date;
}

/** The web address of a post in Bluesky's app. */
const postUrl = (handle: string, rkey: string) => `https://bsky.app/profile/${handle}/post/${rkey}`;

/**
 * The BLUESKY adapter (`@atproto/api`): publishes an `app.bsky.feed.post` record into the account's repository on
 * its PDS — text with facets (links, mentions resolved to DIDs, hashtags; UTF-8 byte offsets), up to four images
 * with alt text and aspectRatio (app.bsky.embed.images), or, when the post has a link and no media, a link card
 * (app.bsky.embed.external, read from the page through the outbound guard) — with the channel's `langs`.
 * Exactly once: the record key is a TID chosen before the first attempt and checkpointed; every attempt reuses it,
 * a retry first reads that record back, and a create whose answer was lost or 500 (the PDS's answer to a repeated
 * key) is read back too. A key names one record, so a repeat can never make a second post.
 * Sessions renew on ExpiredToken through the core's per-channel lock; a refused renewal is PublishError "reconnect".
 * Video and GIF are not sent yet (permanent error naming that).
 */
export function createBlueskyAdapter({
  fetch = createGuardedFetch(),
  readImage,
  now = () => new Date(),
}: BlueskyAdapterOptions = {}): PlatformAdapter {
  let images = readImage;

  function open(
    config: BlueskyConfig,
    session: BlueskyCredentials,
    refresh: Refresh | undefined,
    signal: AbortSignal,
  ): { agent: Agent; current: () => BlueskyCredentials } {
    const renew = async (used: string) => {
      const run = async (latest: Record<string, unknown>) => {
        const stored = blueskyCredentialsSchema.safeParse(latest);
        // Another worker renewed meanwhile: its session is good, use it.
        if (stored.success && stored.data.accessJwt !== used) return stored.data;
        const from = stored.success ? stored.data : session;
        return refreshBlueskySession({ pdsUrl: config.service, session: from, fetch, signal });
      };
      const fresh = refresh ? await refresh(run) : await run(session);
      const parsed = blueskyCredentialsSchema.safeParse(fresh);
      if (!parsed.success) throw new PublishError("reconnect", "the stored Bluesky session is unreadable; reconnect");
      log.info({ did: config.did }, "Bluesky session renewed");
      return parsed.data;
    };
    return createSessionAgent({ pdsUrl: config.pdsUrl, session, fetch, renew });
  }

  function readSettings(channelConfig: unknown, credentials: Record<string, unknown>) {
    const config = blueskyConfigSchema.safeParse(channelConfig);
    if (!config.success)
      throw new PublishError("permanent", "Bluesky channel is not connected (no account in its settings)");
    const session = blueskyCredentialsSchema.safeParse(credentials);
    if (!session.success || session.data.did !== config.data.did) {
      throw new PublishError("reconnect", "Bluesky channel has no session stored; reconnect it with an app password");
    }
    return { config: config.data, session: session.data };
  }

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const { config, session } = readSettings(channel.config, request.credentials);
    const notSent = post.media.find((m) => m.kind !== "IMAGE");
    if (notSent) {
      throw new PublishError(
        "permanent",
        `Cadence does not send ${notSent.kind === "GIF" ? "GIFs" : "videos"} to Bluesky yet (media ${notSent.id}); ` +
          "remove it from the post or post it by hand",
      );
    }

    // The record key: chosen once, stored before anything is sent, reused by every later attempt.
    const stored = request.state?.rkey;
    const retry = typeof stored === "string" && TID_PATTERN.test(stored);
    const rkey = retry ? stored : TID.nextStr();
    if (!retry) await request.checkpoint?.({ rkey });
    // Without a stored key a later attempt would pick another one: after a lost answer that is not safe to retry.
    const lostAnswer = typeof request.checkpoint === "function" ? "transient" : "unknown_outcome";

    const { agent, current } = open(config, session, request.refreshCredentials, signal);
    const receipt = (uri: string, httpStatus?: number): PublishReceipt => ({
      platformPostId: uri,
      url: postUrl(current().handle, rkey),
      httpStatus,
    });

    if (retry) {
      // An earlier attempt may have created it (its answer lost): then it is published.
      const found = await readPostRecord(agent, config.did, rkey, signal).catch((err) => {
        throw mapBlueskyError(err, "reading back the post");
      });
      if (found) {
        log.info({ postId: post.id, channelId: channel.id, rkey }, "post found by its record key: already published");
        return receipt(found.uri);
      }
    }

    const record = await buildRecord(agent, request).catch((err) => {
      throw mapBlueskyError(err, "preparing the post");
    });
    try {
      const { data } = await agent.com.atproto.repo.createRecord(
        { repo: config.did, collection: POST_COLLECTION, rkey, record, validate: true },
        { signal },
      );
      return receipt(data.uri, 200);
    } catch (err) {
      const xrpc = err instanceof XRPCError ? err : null;
      // A refused renewal or an address the guard refuses: nothing was sent.
      const notSent =
        publishErrorIn(err) !== null || (err as { cause?: unknown }).cause instanceof OutboundRefusedError;
      const maybeCreated = !notSent && (!xrpc || xrpc.status >= 500 || xrpc.status === 1);
      if (!maybeCreated) throw mapBlueskyError(err, "creating the post");
      // No answer, or 500 (what the PDS answers for a key that already holds a record): read it back.
      log.warn({ postId: post.id, channelId: channel.id, rkey, err: (err as Error).message }, "create: reading back");
      let found: Awaited<ReturnType<typeof readPostRecord>>;
      try {
        found = await readPostRecord(agent, config.did, rkey);
      } catch (readErr) {
        throw new PublishError(
          lostAnswer,
          `Bluesky answer lost (${(err as Error).message}) and the read-back failed (${(readErr as Error).message}); ` +
            `the retry reuses record key ${rkey}, which can never hold a second post`,
        );
      }
      if (found) return receipt(found.uri);
      throw new PublishError(
        lostAnswer,
        `Bluesky did not take the post (${(err as Error).message}; no record at key ${rkey}); retrying with that key`,
        { httpStatus: xrpc && xrpc.status >= 500 ? xrpc.status : undefined },
      );
    }
  }

  async function buildRecord(agent: Agent, { post, channel }: PublishRequest): Promise<AppBskyFeedPost.Record> {
    const draft = formatBlueskyPost(post, channel);
    // Mentions: resolve each handle to its DID; a handle that does not resolve stays plain text (the PDS refuses a
    // mention without a DID; RichText.detectFacets would leave an empty one).
    const facets: AppBskyRichtextFacet.Main[] = [];
    for (const facet of draft.facets) {
      const features: AppBskyRichtextFacet.Main["features"] = [];
      for (const feature of facet.features) {
        if (feature.$type !== "app.bsky.richtext.facet#mention") {
          features.push(feature);
          continue;
        }
        const handle = String((feature as { did: string }).did);
        const did = await agent.com.atproto.identity
          .resolveHandle({ handle })
          .then((r) => r.data.did)
          // 400: no such handle (dropped); anything else (PDS down, session refused) fails the attempt
          .catch((err) => {
            if (err instanceof XRPCError && err.status === 400 && !publishErrorIn(err)) return null;
            throw err;
          });
        if (did) features.push({ $type: "app.bsky.richtext.facet#mention", did });
      }
      if (features.length > 0) facets.push({ ...facet, features });
    }

    let embed: AppBskyFeedPost.Record["embed"];
    if (post.media.length > 0) {
      images ??= createImageReader();
      const items: AppBskyEmbedImages.Image[] = [];
      for (const media of post.media.slice(0, 4)) {
        const bytes = await images({ workspaceId: post.workspaceId, media });
        const { data } = await agent.com.atproto.repo.uploadBlob(bytes.bytes, { encoding: bytes.mimeType });
        items.push({
          image: data.blob,
          alt: media.altText ?? "",
          aspectRatio: { width: bytes.width, height: bytes.height },
        });
      }
      embed = { $type: "app.bsky.embed.images", images: items };
    } else if (draft.firstLink) {
      const card = await readLinkCard({ url: draft.firstLink, fetch, signal: AbortSignal.timeout(15_000) });
      if (card) {
        const external: AppBskyEmbedExternal.External = {
          uri: card.uri,
          title: card.title,
          description: card.description,
        };
        if (card.thumb) {
          const { data } = await agent.com.atproto.repo.uploadBlob(card.thumb.bytes, { encoding: card.thumb.mimeType });
          external.thumb = data.blob;
        }
        embed = { $type: "app.bsky.embed.external", external };
      }
    }
    return {
      $type: POST_COLLECTION,
      text: draft.text,
      ...(facets.length > 0 ? { facets } : {}),
      ...(draft.langs ? { langs: draft.langs } : {}),
      ...(embed ? { embed } : {}),
      createdAt: now().toISOString(),
    };
  }

  /**
   * Engagement of a published post, read through the account's PDS with the channel's session: the PDS forwards
   * app.bsky.* reads to its AppView (atproto-proxy; bsky.social's PDSes to the Bluesky AppView). Two reads at once:
   * `app.bsky.feed.getPosts` of the post's at:// uri and `app.bsky.actor.getProfile` of the channel's DID
   * (followersCount). Mapping in post-metrics.ts. Throws PublishError: "permanent" when no uri is recorded or the
   * AppView has no view of it (deleted), else as mapBlueskyError (expired session renewed once, then "reconnect").
   */
  async function metrics(request: MetricsRequest) {
    const { config, session } = readSettings(request.channel.config, request.credentials);
    const uri = request.platformPostId;
    if (!uri) throw new PublishError("permanent", "no Bluesky post uri recorded for this post");
    const { agent } = open(config, session, request.refreshCredentials, request.signal);
    const opts = { signal: request.signal };
    const [posts, profile] = await Promise.all([
      agent.app.bsky.feed.getPosts({ uris: [uri] }, opts).catch((err) => {
        throw mapBlueskyError(err, "reading engagement (app.bsky.feed.getPosts)");
      }),
      agent.app.bsky.actor.getProfile({ actor: config.did }, opts).catch((err) => {
        throw mapBlueskyError(err, "reading followers (app.bsky.actor.getProfile)");
      }),
    ]);
    const counted = postMetricsFromGetPosts(posts.data, uri, profile.data);
    if (!counted) throw new PublishError("permanent", `Bluesky has no view of ${uri} (deleted?)`);
    return counted;
  }

  return {
    platform: "BLUESKY",
    // Bluesky takes no idempotency key; the record key chosen before the first attempt does that job (see above).
    supportsIdempotencyKey: false,
    // With the record key stored, a later attempt reads that record first (above): it can never post twice.
    canConfirmLostAnswer: (state) => typeof state.rkey === "string" && TID_PATTERN.test(state.rkey),
    format: formatBlueskyPost,
    publish,
    metrics,
  };
}

/** Publishes to Bluesky through the outbound guard, images from the media library. */
export const blueskyAdapter: PlatformAdapter = createBlueskyAdapter();
