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
  // provided by the publishing core
  /**
   * What this adapter stored for this publication on this channel in earlier attempts (checkpoint): {} on the
   * first attempt.
   */
  state?: Record<string, unknown>;
  // provided by the publishing core
  /** Merges `patch` into the stored state and resolves once it is durable: call it BEFORE the step it protects. */
  checkpoint?(patch: Record<string, unknown>): Promise<void>;
  // provided by the publishing core
  /**
   * Refreshes the channel's credentials under a per-channel cross-worker lock: `fn` gets the LATEST stored
   * credentials; what it returns is stored encrypted and returned. A refused refresh throws PublishError("reconnect").
   */
  refreshCredentials?(
    fn: (latest: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
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
  /** The platform-specific body that would be sent for this post. */
  format(post: PublishablePost, channel: PublishTarget): unknown;
  publish(request: PublishRequest): Promise<PublishReceipt>;
  /** Engagement numbers of a published post now (lib/metrics/collect-metrics.ts); absent: the platform has none. */
  metrics?(request: MetricsRequest): Promise<PostMetrics>;
}

export interface MetricsRequest {
  postId: string;
  channel: PublishTarget;
  credentials: Record<string, unknown>;
  platformPostId: string | null;
  publishedAt: Date;
  /** When the numbers are read (collectedAt of the snapshot). */
  at: Date;
  signal: AbortSignal;
  // provided by the publishing core
  /** As PublishRequest.refreshCredentials (no post claim involved). */
  refreshCredentials?(
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
 * - reconnect: the platform refused the channel's credentials for good (revoked session, app password deleted): the
 *   channel goes to "needs reconnect" with this message (provided by the publishing core).
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
