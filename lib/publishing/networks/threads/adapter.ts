import { type Db, getPrisma } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { readFreshAccessToken } from "@/lib/oauth/read-fresh-access-token";
import { fetchableMediaUrl } from "@/lib/publishing/fetchable-media-url";
import { parseChannelData } from "@/lib/publishing/networks/parse-channel-data";
import {
  type ThreadsConfig,
  threadsConfigSchema,
  threadsCredentialsSchema,
} from "@/lib/publishing/networks/threads/config";
import {
  ContainerExpiredError,
  createContainer,
  type GraphCall,
  readContainerStatus,
  THREADS_POLL_INTERVALS_MS,
  waitForContainer,
} from "@/lib/publishing/networks/threads/containers";
import { findPublishedThread } from "@/lib/publishing/networks/threads/find-published-thread";
import { containerFields, formatThreadsPost, type ThreadsPostBody } from "@/lib/publishing/networks/threads/format";
import { mapThreadsError } from "@/lib/publishing/networks/threads/map-threads-error";
import { createThreadsOAuthNetwork } from "@/lib/publishing/networks/threads/oauth";
import { threadsMetrics } from "@/lib/publishing/networks/threads/post-metrics";
import { describeThreadsQuota, readThreadsPublishingQuota } from "@/lib/publishing/networks/threads/publishing-quota";
import {
  THREADS_API_VERSION,
  type ThreadsSettings,
  threadsSettingsFromEnv,
} from "@/lib/publishing/networks/threads/settings";
import { ThreadsApiError, threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";
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
import { threadsRules } from "@/lib/publishing/rules/threads";

const log = logger("publish:threads");

/**
 * What the adapter checkpoints (PublishRequest.checkpoint) before each next step, so a worker that died between
 * steps resumes from the last finished one:
 * - `threadsItems`: the item containers of a carousel made so far, in the post's order ([{ itemId, containerId }]);
 * - `threadsContainer`: the container that is published (TEXT, IMAGE, VIDEO or CAROUSEL); null once it EXPIRED;
 * - `threadsPublishSentAt`: when POST threads_publish left (ISO 8601), written before it leaves.
 */
type ThreadsState = {
  threadsItems?: { itemId: string; containerId: string }[];
  threadsContainer?: string | null;
  threadsPublishSentAt?: string | null;
};

const CONTAINER_ID = /^\d{1,30}$/;

export interface ThreadsAdapterOptions {
  settings?: () => ThreadsSettings;
  /** How every request leaves; default: the outbound guard (OUTBOUND_ALLOW_CIDRS). */
  fetch?: typeof globalThis.fetch;
  /** The login whose refresh renews tokens; default: Threads' own with the same settings and fetch. */
  oauth?: OAuthNetwork;
  storage?: () => MediaStorage;
  db?: () => Db;
  now?: () => Date;
  /** Waits between container status checks (THREADS_POLL_INTERVALS_MS). */
  pollIntervalsMs?: readonly number[];
}

function readConfig(config: unknown): ThreadsConfig {
  return parseChannelData(
    threadsConfigSchema,
    config,
    "this Threads channel has no connected profile: connect it again",
  );
}

function readToken(credentials: Record<string, unknown>): string {
  return parseChannelData(
    threadsCredentialsSchema,
    credentials,
    "this Threads channel has no access token: reconnect it",
  ).accessToken;
}

/**
 * The THREADS adapter (Threads API v1.0, through the outbound guard): the documented two-step container flow
 * (https://developers.facebook.com/docs/threads/posts) —
 * 1. read the profile's publishing quota (threads_publishing_limit: 250 posts per 24 h) and stop when it is full;
 * 2. POST /{user-id}/threads: one container (TEXT, or IMAGE/VIDEO with the media's signed public URL and alt text),
 *    or for 2–20 items one item container each (is_carousel_item=true), then the CAROUSEL container with children;
 *    each id is checkpointed before the next step;
 * 3. wait until each container is FINISHED (GET /{container-id}?fields=status,error_message; bounded polling,
 *    THREADS_POLL_INTERVALS_MS); ERROR → permanent with Meta's error_message; EXPIRED → a new container;
 * 4. POST /{user-id}/threads_publish with creation_id; the permalink (GET /{media-id}?fields=permalink) is the
 *    "View" link.
 * Exactly once: only a checkpointed container is ever published, and every later attempt reads that container's
 * status first — PUBLISHED means it went out (its media id is found among the profile's recent threads), FINISHED
 * that it did not (the same container is published; a container becomes at most one post). A lost threads_publish
 * answer is read back the same way. No second container is made for a post unless the first EXPIRED, which Threads
 * says happens only to containers never published.
 * Errors (https://developers.facebook.com/docs/graph-api/guides/error-handling): mapThreadsError.
 * metrics: threadsMetrics (media insights and the follower count).
 */
export function createThreadsAdapter({
  settings = threadsSettingsFromEnv,
  fetch = createGuardedFetch(),
  oauth,
  storage = getMediaStorage,
  db = getPrisma,
  now = () => new Date(),
  pollIntervalsMs = THREADS_POLL_INTERVALS_MS,
}: ThreadsAdapterOptions = {}): PlatformAdapter {
  const network = oauth ?? createThreadsOAuthNetwork({ settings, fetch });

  /** The access token, renewed first when it expires soon; a channel without one is "reconnect" before any refresh. */
  async function freshToken(request: Pick<PublishRequest, "credentials" | "refreshCredentials" | "signal">) {
    readToken(request.credentials);
    return readFreshAccessToken({ request, network, readToken, now });
  }

  async function publish(request: PublishRequest): Promise<PublishReceipt> {
    const { post, channel, signal } = request;
    const config = readConfig(channel.config);
    const accessToken = await freshToken(request);
    const call: GraphCall = { apiUrl: settings().apiUrl, accessToken, fetch, signal };
    const body = formatThreadsPost(post);
    const state: ThreadsState = { ...((request.state ?? {}) as ThreadsState) };
    const checkpoint = async (patch: ThreadsState) => {
      Object.assign(state, patch);
      await request.checkpoint(patch);
    };
    const ctx = { postId: post.id, channelId: channel.id };

    // An earlier attempt's container: its status says what happened to it.
    let container = typeof state.threadsContainer === "string" ? state.threadsContainer : null;
    if (container) {
      const { status } = await readContainerStatus(call, container);
      if (status === "PUBLISHED") {
        log.info({ ...ctx, container }, "an earlier attempt's container is published");
        return receiptOfPublished(call, config, body, container, state);
      }
      if (status === "EXPIRED") {
        log.info({ ...ctx, container }, "an earlier attempt's container expired unpublished; making a new one");
        await checkpoint({ threadsContainer: null, threadsItems: [], threadsPublishSentAt: null });
        container = null;
      }
    }

    await checkQuota(call, config);

    for (let fresh = 0; ; fresh++) {
      try {
        if (!container) container = await makeContainers(call, config, body, request, state, checkpoint);
        const ready = await waitForContainer(call, container, "the post", pollIntervalsMs);
        if (ready === "PUBLISHED") return receiptOfPublished(call, config, body, container, state);
        return await publishContainer(call, config, body, container, state, checkpoint, ctx);
      } catch (err) {
        if (!(err instanceof ContainerExpiredError)) throw err;
        // A container (or an item) that expired was never published: forget it and make it anew, once per attempt.
        await checkpoint({ threadsContainer: null, threadsItems: [], threadsPublishSentAt: null });
        container = null;
        if (fresh > 0) throw new PublishError("transient", `Threads let ${err.message}; the retry makes a new one`);
      }
    }
  }

  async function checkQuota(call: GraphCall, config: ThreadsConfig): Promise<void> {
    let quota: Awaited<ReturnType<typeof readThreadsPublishingQuota>>;
    try {
      quota = await readThreadsPublishingQuota({ ...call, userId: config.userId });
    } catch (err) {
      throw mapThreadsError(err, "reading the Threads publishing quota");
    }
    if (quota.usage >= quota.total) {
      // Permanent, not transient: the window moves as the oldest of those posts turns 24 h old, a time Threads does
      // not tell, so a retry could only guess — and a scheduled post going out hours late, unannounced, is worse
      // than a clear failure the person can reschedule (README "Threads").
      throw new PublishError(
        "permanent",
        `Threads' publishing quota for this profile is used up (${describeThreadsQuota(quota)}, ` +
          "https://developers.facebook.com/docs/threads/overview#rate-limiting): nothing was sent; reschedule the " +
          "post for when older posts have left the 24-hour window",
      );
    }
  }

  async function makeContainers(
    call: GraphCall,
    config: ThreadsConfig,
    body: ThreadsPostBody,
    request: PublishRequest,
    state: ThreadsState,
    checkpoint: (patch: ThreadsState) => Promise<void>,
  ): Promise<string> {
    const { post } = request;
    const urlOf = (index: number) => {
      const item = post.media[index];
      if (!item) throw new PublishError("permanent", `media ${index + 1} of the post is missing`);
      return fetchableMediaUrl({
        platform: "Threads",
        imageRules: threadsRules.media.image,
        item,
        position: index + 1,
        workspaceId: post.workspaceId,
        storage,
        db,
        now: now(),
      });
    };
    let id: string;
    if (body.mediaType === "TEXT") {
      id = await create(call, config, containerFields(body, null), "creating the text container");
    } else if (body.mediaType !== "CAROUSEL") {
      const item = body.items[0] as ThreadsPostBody["items"][number];
      const url = await urlOf(0);
      id = await create(
        call,
        config,
        containerFields(body, { item, url, carouselItem: false }),
        "creating the media container",
      );
    } else {
      const saved = Array.isArray(state.threadsItems) ? state.threadsItems : [];
      const done: { itemId: string; containerId: string }[] = [];
      for (const [index, item] of body.items.entries()) {
        const prior = saved[index];
        if (prior && prior.itemId === item.id && CONTAINER_ID.test(String(prior.containerId))) {
          done.push(prior);
          continue;
        }
        const url = await urlOf(index);
        const made = await create(
          call,
          config,
          containerFields(body, { item, url, carouselItem: true }),
          `creating the container of media ${index + 1}`,
        );
        done.push({ itemId: item.id, containerId: made });
        await checkpoint({ threadsItems: [...done] });
      }
      for (const [index, d] of done.entries()) {
        await waitForContainer(call, d.containerId, `media ${index + 1}`, pollIntervalsMs);
      }
      const children = done.map((d) => d.containerId);
      id = await create(call, config, containerFields(body, { children }), "creating the carousel container");
    }
    await checkpoint({ threadsContainer: id });
    return id;
  }

  async function create(
    call: GraphCall,
    config: ThreadsConfig,
    fields: Record<string, string | undefined>,
    what: string,
  ): Promise<string> {
    try {
      return await createContainer(call, config.userId, fields);
    } catch (err) {
      // A container whose answer was lost is never published (only checkpointed ones are): transient is safe.
      throw mapThreadsError(err, what);
    }
  }

  async function publishContainer(
    call: GraphCall,
    config: ThreadsConfig,
    body: ThreadsPostBody,
    container: string,
    state: ThreadsState,
    checkpoint: (patch: ThreadsState) => Promise<void>,
    ctx: Record<string, string>,
  ): Promise<PublishReceipt> {
    await checkpoint({ threadsPublishSentAt: now().toISOString() });
    let answer: { id?: unknown };
    try {
      answer = await threadsRequest({
        method: "POST",
        base: call.apiUrl,
        path: `/${THREADS_API_VERSION}/${config.userId}/threads_publish`,
        params: { creation_id: container, access_token: call.accessToken },
        fetch: call.fetch,
        signal: call.signal,
      });
    } catch (err) {
      const status = err instanceof ThreadsApiError ? err.httpStatus : undefined;
      if (status !== undefined && status < 500) {
        // A definite refusal: nothing was published.
        await checkpoint({ threadsPublishSentAt: null });
        throw mapThreadsError(err, "publishing the container");
      }
      // No answer, or a 5xx: the container may have been published. Its status says.
      log.warn(
        { ...ctx, container, err: (err as Error).message },
        "threads_publish got no usable answer; reading the container",
      );
      const { status: now } = await readContainerStatus(call, container).catch((readErr: unknown) => {
        throw new PublishError(
          "transient",
          `publishing got no answer (${(err as Error).message}) and the container's status could not be read ` +
            `(${(readErr as Error).message}); the retry reads container ${container} before anything else`,
        );
      });
      if (now === "PUBLISHED") return receiptOfPublished(call, config, body, container, state);
      throw new PublishError(
        "transient",
        `publishing got no answer (${(err as Error).message}); container ${container} is ${now}, not published: the ` +
          "retry publishes that same container",
        { httpStatus: status },
      );
    }
    const id = typeof answer.id === "number" ? String(answer.id) : answer.id;
    if (typeof id !== "string" || id === "") {
      throw new PublishError(
        "transient",
        "Threads answered threads_publish without a media id; the retry reads the container",
      );
    }
    return { platformPostId: id, url: await readPermalink(call, id), httpStatus: 200 };
  }

  async function readPermalink(call: GraphCall, mediaId: string): Promise<string | null> {
    try {
      const media = await threadsRequest<{ permalink?: unknown }>({
        method: "GET",
        base: call.apiUrl,
        path: `/${THREADS_API_VERSION}/${mediaId}`,
        params: { fields: "permalink", access_token: call.accessToken },
        fetch: call.fetch,
        signal: call.signal,
      });
      return httpUrlOrNull(media.permalink);
    } catch (err) {
      // Published either way: the post stands without its link rather than failing.
      log.warn({ mediaId, err: (err as Error).message }, "reading the thread's permalink failed");
      return null;
    }
  }

  async function receiptOfPublished(
    call: GraphCall,
    config: ThreadsConfig,
    body: ThreadsPostBody,
    container: string,
    state: ThreadsState,
  ): Promise<PublishReceipt> {
    const sentAt = state.threadsPublishSentAt ? new Date(state.threadsPublishSentAt) : null;
    let found: Awaited<ReturnType<typeof findPublishedThread>>;
    try {
      found = await findPublishedThread(call, {
        userId: config.userId,
        body,
        since: sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : null,
      });
    } catch (err) {
      throw mapThreadsError(err, `container ${container} is published; finding its thread`);
    }
    if (!found) {
      // Never published again (the container says PUBLISHED): the retry only looks again.
      throw new PublishError(
        "transient",
        `Threads says container ${container} is published, but its thread is not among the profile's recent ` +
          "threads yet; the retry looks again",
      );
    }
    return { platformPostId: found.id, url: httpUrlOrNull(found.permalink) ?? (await readPermalink(call, found.id)) };
  }

  async function metrics(request: MetricsRequest): Promise<PostMetrics> {
    const { channel, platformPostId, signal } = request;
    if (!platformPostId) throw new PublishError("permanent", "no Threads media id was recorded for this post");
    const config = readConfig(channel.config);
    const accessToken = await freshToken(request);
    return threadsMetrics({ apiUrl: settings().apiUrl, accessToken, fetch, signal }, config.userId, platformPostId);
  }

  async function quota(request: QuotaRequest): Promise<PublishingQuota> {
    const config = readConfig(request.channel.config);
    const accessToken = await freshToken(request);
    try {
      return await readThreadsPublishingQuota({
        apiUrl: settings().apiUrl,
        accessToken,
        fetch,
        signal: request.signal,
        userId: config.userId,
      });
    } catch (err) {
      throw mapThreadsError(err, "reading the Threads publishing quota");
    }
  }

  /**
   * Always knowable, given what publish() checkpoints: a container is published only after its id is durable, and
   * a later attempt reads its status first (PUBLISHED: found, not sent again). With no container stored, nothing
   * was published (an unrecorded container is never published and expires on its own). Only a malformed stored id
   * leaves it unknowable.
   */
  function canConfirmLostAnswer(state: Record<string, unknown>): boolean {
    const container = state.threadsContainer;
    if (container === undefined || container === null) return true;
    return typeof container === "string" && CONTAINER_ID.test(container);
  }

  return {
    platform: "THREADS",
    supportsIdempotencyKey: false,
    canConfirmLostAnswer,
    format: (post) => formatThreadsPost(post),
    publish,
    metrics,
    quota,
  };
}

/** Threads with the process's settings, storage, database and outbound policy. */
export const threadsAdapter: PlatformAdapter = createThreadsAdapter();
