import type { Platform } from "@/lib/generated/prisma/enums";

/** A library media item of the post, as adapters send it (lib/publishing/sign-post-media.ts made its URL). */
export interface PublishableMedia {
  id: string;
  /** The library item's display name (never a storage key). */
  name: string;
  kind: "IMAGE" | "GIF" | "VIDEO";
  mimeType: string;
  /** Size of the stored original in bytes. */
  bytes: number;
  /** Hex SHA-256 of the stored original. */
  sha256: string;
  width: number;
  height: number;
  durationMs: number | null;
  altText: string | null;
  /**
   * Signed public URL of the original (lib/media createPublicMediaUrl), valid for PUBLISHED_MEDIA_URL_TTL_SEC; null
   * when this Cadence cannot make one (local storage without PUBLIC_URL).
   */
  url: string | null;
  /** Why `url` is null, for the adapter's error message. */
  urlProblem?: string;
  /**
   * Storage key of the original (lib/media/storage), for adapters that upload the bytes themselves (Mastodon);
   * never sent anywhere. Absent where the caller did not read it.
   */
  storageKey?: string;
}

/** What an adapter needs to know about the post being published (read from the database by the caller). */
export interface PublishablePost {
  id: string;
  workspaceId: string;
  content: string;
  mediaUrls: string[];
  /** Library media in the post's order. */
  media: PublishableMedia[];
  tags: string[];
  scheduledAt: Date | null;
}

export interface PublishTarget {
  id: string;
  displayName: string;
  platform: Platform;
  /** Non-secret channel settings (Channel.config), validated by each adapter. */
  config: unknown;
}

export interface PublishRequest {
  post: PublishablePost;
  channel: PublishTarget;
  /** Decrypted Channel.credentialsEnc; {} when the channel has none. */
  credentials: Record<string, unknown>;
  /** Identical on every attempt of one publication on one channel, so the platform can drop repeats. */
  idempotencyKey: string;
  /** Aborted when the worker must give up the request (hard shutdown). */
  signal: AbortSignal;
  /**
   * What this adapter stored for this publication on this channel in earlier attempts (checkpoint): {} on the
   * first attempt. A retry, or another worker after a crash, receives everything checkpointed before.
   */
  state: Record<string, unknown>;
  /**
   * Merges `patch` into the stored state (PostgreSQL jsonb `||`: top-level keys replaced) and resolves once it is
   * durable: call it BEFORE the network step it protects (e.g. store the Bluesky record key chosen for the post,
   * then create the record; store a container id, then publish it). Fenced by the worker's claim: once another
   * worker took the post over it writes nothing and rejects (StaleLeaseError) — stop, the new holder goes on.
   */
  checkpoint(patch: Record<string, unknown>): Promise<void>;
  /**
   * Refreshes the channel's credentials without racing other workers (lib/channels/refresh-channel-credentials.ts):
   * `fn` runs under a per-channel PostgreSQL advisory lock with the LATEST stored credentials (another worker may
   * have refreshed meanwhile: return them unchanged if still good); what it returns is stored encrypted and
   * returned. A refused refresh should throw PublishError("reconnect", reason).
   */
  refreshCredentials(
    fn: (latest: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
  /**
   * The platform post ids OTHER publications on this channel recorded as published since `since` (less
   * CLAIMED_LOOKBACK_MS, lib/publishing/publish-post.ts). A lookup after a lost answer (the account's recent posts,
   * matched by text within a clock-skew window) must skip them: two Cadence posts with the same text minutes apart
   * both match, and the second's lost request is not the first's post. Absent (tests): nothing is claimed.
   */
  claimedPostIds?(since: Date): Promise<ReadonlySet<string>>;
}

/** The post ids `request` must not take for its own after a lost answer (PublishRequest.claimedPostIds). */
export async function claimedPostIdsOf(
  request: Pick<PublishRequest, "claimedPostIds">,
  since: Date,
): Promise<ReadonlySet<string>> {
  return (await request.claimedPostIds?.(since)) ?? new Set<string>();
}

export interface PublishReceipt {
  platformPostId: string;
  url: string | null;
  /** HTTP status of the platform's answer, where it has one (stored as PublicationResult.responseStatus). */
  httpStatus?: number;
}

/** One social platform behind one interface. Adapters never touch the database. */
export interface PlatformAdapter {
  platform: Platform;
  /**
   * True when the platform drops a repeated request carrying the same idempotency key. Only then may a request
   * whose answer was lost be sent again; otherwise the result becomes UNCONFIRMED (a duplicate post is worse
   * than a missing one).
   */
  supportsIdempotencyKey: boolean;
  /**
   * True when the adapter, given the `state` an earlier attempt checkpointed (PublishRequest.state), can find out by
   * itself whether that attempt's post went out — and so is safe to call again after the attempt's answer was lost
   * (its worker died mid-request, or the request timed out): publish() then checks first and returns the existing
   * post's receipt instead of posting again. Bluesky: `state.rkey` (the record key chosen before the first send,
   * read back with com.atproto.repo.getRecord). Mastodon: `state.mastodonSentAt` (when the status request left;
   * the account's recent statuses are searched for it), or no send time at all (the status request never left).
   * Absent or false (and no supportsIdempotencyKey): a result found in flight becomes UNCONFIRMED without a call.
   */
  canConfirmLostAnswer?(state: Record<string, unknown>): boolean;
  /** The platform-specific body that would be sent for this post. */
  format(post: PublishablePost, channel: PublishTarget): unknown;
  publish(request: PublishRequest): Promise<PublishReceipt>;
  /** Engagement numbers of a published post now (lib/metrics/collect-metrics.ts); absent: the platform has none. */
  metrics?(request: MetricsRequest): Promise<PostMetrics>;
  /**
   * How much of the platform's API publishing quota the channel's account has used in its moving window (Threads:
   * 250 posts per profile per 24 h; Instagram: 100), for the Channels page (GET /api/channels/:id/quota). Absent:
   * the platform states no per-account publishing quota. Throws PublishError like publish().
   */
  quota?(request: QuotaRequest): Promise<PublishingQuota>;
}

/** What quota() needs: the channel, its credentials, and a way to refresh them (as MetricsRequest). */
export type QuotaRequest = Pick<MetricsRequest, "channel" | "credentials" | "signal" | "refreshCredentials">;

/** API posts the account published in the platform's moving window (`durationSec`), of `total` allowed. */
export type PublishingQuota = { usage: number; total: number; durationSec: number };

export interface MetricsRequest {
  postId: string;
  channel: PublishTarget;
  credentials: Record<string, unknown>;
  platformPostId: string | null;
  publishedAt: Date;
  /** When the numbers are read (collectedAt of the snapshot). */
  at: Date;
  signal: AbortSignal;
  /** As PublishRequest.refreshCredentials (no post claim involved). */
  refreshCredentials(
    fn: (latest: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
}

/** A platform's counters for one post; null where the platform does not report a figure. */
export interface PostMetrics {
  impressions: number | null;
  reach: number | null;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  clicks: number;
  followers: number | null;
}

/**
 * - transient: the platform did not take the post and said so (5xx, 429, connection refused); retry later.
 * - permanent: retrying cannot help (bad credentials, content rejected); fail the channel with this message.
 * - unknown_outcome: the request may have reached the platform but no answer came back (timeout, reset).
 * - reconnect: the platform refused the channel's credentials for good (revoked session, expired refresh token,
 *   app password deleted): the result fails with this message, the channel goes to "needs reconnect" with it as
 *   the reason, and its other due posts fail without a request until the person reconnects.
 */
export type PublishErrorKind = "transient" | "permanent" | "unknown_outcome" | "reconnect";

export class PublishError extends Error {
  readonly kind: PublishErrorKind;
  /** The platform's own wait hint (Retry-After), when it gave one. */
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;

  constructor(kind: PublishErrorKind, message: string, opts: { retryAfterMs?: number; httpStatus?: number } = {}) {
    super(message);
    this.name = "PublishError";
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
    this.httpStatus = opts.httpStatus;
  }
}
