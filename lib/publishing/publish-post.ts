import { randomUUID } from "node:crypto";
import type pg from "pg";
import { refreshChannelCredentials } from "@/lib/channels/refresh-channel-credentials";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { getSql, type Sql } from "@/lib/db/sql";
import type { Platform, ResultStatus } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { fenceCte, fencedQuery, type Lease, StaleLeaseError } from "@/lib/publishing/lease-fence";
import { type AdapterLookup, getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import {
  type PlatformAdapter,
  type PublishablePost,
  PublishError,
  type PublishErrorKind,
} from "@/lib/publishing/networks/types";

const log = logger("publish:post");

export type ChannelOutcome =
  | { channelId: string; status: "SUCCEEDED" | "FAILED" | "UNCONFIRMED"; errorMessage: string | null }
  /** Not published yet; worth another attempt later (after retryAfterMs when the platform said so). */
  | { channelId: string; status: "PENDING"; errorMessage: string; retryAfterMs?: number };

/** A channel the post targets, as the claim reads it (lib/publishing/post-lease.ts). */
export type TargetChannel = {
  id: string;
  platform: Platform;
  displayName: string;
  config: unknown;
  credentialsEnc: string | null;
  active: boolean;
  /** Set while the channel needs reconnecting (lib/channels/mark-channel-needs-reconnect.ts): nothing is sent. */
  needsReconnectReason?: string | null;
  /** The post's own text for this channel (PostChannel.content), sent instead of the post's content; null: none. */
  content?: string | null;
};

/** The PublicationResult columns publishing reads. */
export type ResultRow = {
  id: string;
  channelId: string;
  status: ResultStatus;
  errorMessage: string | null;
  idempotencyKey: string;
  inFlightSince: Date | null;
  /** What the adapter checkpointed in earlier attempts (PublishRequest.state). */
  adapterState: Record<string, unknown>;
};

/** Same on every attempt of one publication on one channel, so a receiver can drop repeats. */
export function publicationIdempotencyKey(publicationId: string, channelId: string): string {
  return `${publicationId}.${channelId}`;
}

const lostAnswerMessage = (platform: string) =>
  `a previous attempt may have reached ${platform} but its answer was lost, and ${platform} takes no ` +
  "idempotency key: not sent again to avoid a duplicate post. Check the channel and republish by hand if missing.";

const RESULT_COLUMNS = `id, "channelId", status, "errorMessage", "idempotencyKey", "inFlightSince", "adapterState"`;

// Every write below is fenced ($n+1..$n+3: post id, lease owner, epoch; lib/publishing/lease-fence.ts): a worker
// that lost its claim to a takeover changes nothing.

// Creates the publication of (post, version) unless an earlier attempt did, plus one PENDING result per channel
// unless it exists; returns every result row of the publication (the ones created now and the earlier ones).
const OPEN_PUBLICATION = `
WITH ${fenceCte(11)}, publication AS (
  INSERT INTO "Publication" (id, "workspaceId", "postId", "postVersion", "scheduledAt", "startedAt")
  SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM fence) ON CONFLICT ("postId", "postVersion") DO NOTHING
), created AS (
  INSERT INTO "PublicationResult" (id, "publicationId", "channelId", platform, "idempotencyKey")
  SELECT t.id, $1, t."channelId", t.platform, t.key
  FROM unnest($7::text[], $8::text[], $9::"Platform"[], $10::text[]) AS t(id, "channelId", platform, key)
  WHERE EXISTS (SELECT 1 FROM fence)
  ON CONFLICT ("publicationId", "channelId") DO NOTHING
  RETURNING ${RESULT_COLUMNS}
)
SELECT * FROM created UNION ALL SELECT ${RESULT_COLUMNS} FROM "PublicationResult" WHERE "publicationId" = $1
  AND EXISTS (SELECT 1 FROM fence)`;

// Marks a PENDING result in flight (one more attempt) right before its request leaves, with the text and media it
// carries (the history of what went out: URLs, and the library items as they are now, SentMedia); no row: it was
// settled.
const MARK_IN_FLIGHT = `
WITH ${fenceCte(6)}
UPDATE "PublicationResult" SET "inFlightSince" = $2, attempts = attempts + 1, "sentContent" = $3,
  "sentMediaUrls" = $4::text[], "sentMedia" = $5::jsonb
WHERE id = $1 AND status = 'PENDING' AND EXISTS (SELECT 1 FROM fence)
RETURNING id`;

/**
 * One library item as a request carried it, kept in PublicationResult.sentMedia: its id, display name, type, size
 * in bytes, pixel dimensions, SHA-256 (hex) of the stored original, and the alt text the post gave it.
 */
export type SentMedia = {
  id: string;
  name: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
  altText: string | null;
};

/** The post's library items, in order, as PublicationResult.sentMedia records them. */
export function toSentMedia(media: PublishablePost["media"]): SentMedia[] {
  return media.map(({ id, name, mimeType, bytes, width, height, sha256, altText }) => ({
    id,
    name,
    mimeType,
    bytes,
    width,
    height,
    sha256,
    altText,
  }));
}

// Reads one result row back (after a lost mark race), while the claim is still ours.
const READ_RESULT = `
WITH ${fenceCte(2)}
SELECT ${RESULT_COLUMNS} FROM "PublicationResult" WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)`;

// Settles a result as FAILED or UNCONFIRMED with its message and kind; nothing is in flight any more.
const SETTLE = `
WITH ${fenceCte(6)}
UPDATE "PublicationResult" SET status = $2::"ResultStatus", "errorMessage" = $3, "inFlightSince" = NULL,
  "responseStatus" = COALESCE($4, "responseStatus"), "errorKind" = $5
WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)`;

// Merges an adapter's checkpoint into the result's state (jsonb ||) while the claim is ours; only a PENDING result
// (one being published) takes it.
const CHECKPOINT = `
WITH ${fenceCte(3)}
UPDATE "PublicationResult" SET "adapterState" = "adapterState" || $2::jsonb
WHERE id = $1 AND status = 'PENDING' AND EXISTS (SELECT 1 FROM fence)
RETURNING id`;

// Checks that the claim is still ours (one row) before a credentials refresh starts.
const STILL_HELD = `WITH ${fenceCte(1)} SELECT 1 AS held FROM fence`;

// The platform refused the channel's credentials: fails the result with its message and, in the same statement,
// puts the channel in "needs reconnect" with that reason (since the first refusal: a repeat keeps needsReconnectAt,
// the once-key of its notification, lib/notifications/notify-channel-needs-reconnect.ts) — unless its credentials changed since this attempt read
// them ($6: the person reconnected meanwhile).
const SETTLE_RECONNECT = `
WITH ${fenceCte(7)}, settled AS (
  UPDATE "PublicationResult" SET status = 'FAILED', "errorMessage" = $2, "inFlightSince" = NULL,
    "responseStatus" = COALESCE($3, "responseStatus"), "errorKind" = 'channel'
  WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)
  RETURNING id
), channel AS (
  UPDATE "Channel" SET "needsReconnectReason" = $2, "needsReconnectAt" = COALESCE("needsReconnectAt", $4),
    "updatedAt" = $4
  WHERE id = $5 AND "credentialsEnc" IS NOT DISTINCT FROM $6 AND EXISTS (SELECT 1 FROM settled)
)
SELECT id FROM settled`;

// Records a success with the platform's post id, URL and answer status.
const SUCCEED = `
WITH ${fenceCte(6)}
UPDATE "PublicationResult" SET status = 'SUCCEEDED', "platformPostId" = $2, url = $3, "errorMessage" = NULL,
  "errorKind" = NULL, "inFlightSince" = NULL, "publishedAt" = $4, "responseStatus" = $5
WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)`;

/**
 * How far before a lookup's send time another result's publishedAt may lie and its post still be among those the
 * lookup matches (adapters allow a couple of minutes of clock skew; publishedAt is written after the answer).
 */
export const CLAIMED_LOOKBACK_MS = 10 * 60_000;

// The platform post ids other results on this channel recorded as published since $3 (PublishRequest.claimedPostIds).
const CLAIMED_POST_IDS = `
WITH ${fenceCte(4)}
SELECT "platformPostId" FROM "PublicationResult"
WHERE "channelId" = $1 AND id <> $2 AND status = 'SUCCEEDED' AND "platformPostId" IS NOT NULL
  AND "publishedAt" >= $3 AND EXISTS (SELECT 1 FROM fence)`;
// Another result on the channel that already is this platform post (a lookup after a lost answer matched it).
const TAKEN_ELSEWHERE = `
WITH ${fenceCte(4)}
SELECT EXISTS (
  SELECT 1 FROM "PublicationResult" WHERE "channelId" = $1 AND "platformPostId" = $2 AND id <> $3 AND status = 'SUCCEEDED'
) AS taken FROM fence`;

// Keeps a result PENDING after a transient error: its message and kind for the record, no longer in flight.
const KEEP_PENDING = `
WITH ${fenceCte(5)}
UPDATE "PublicationResult" SET "errorMessage" = $2, "inFlightSince" = NULL, "responseStatus" = $3, "errorKind" = $4
WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)`;

/**
 * Opens (or reopens, on a retry) the publication of a claimed post version: one statement creates the
 * Publication row unless it exists and one PENDING result per channel, and returns all its result rows.
 * `publicationId` is the existing publication's id from the claim, or null to create one.
 * Throws StaleLeaseError (nothing written) when `lease` was taken over.
 */
export async function openPublication({
  sql,
  post,
  version,
  publicationId,
  channels,
  startedAt,
  lease,
}: {
  sql: Sql;
  post: PublishablePost;
  version: number;
  publicationId: string | null;
  channels: TargetChannel[];
  startedAt: Date;
  lease: Lease;
}): Promise<{ id: string; results: ResultRow[] }> {
  const id = publicationId ?? randomUUID();
  const { rows } = await fencedQuery<ResultRow>(
    sql,
    lease,
    OPEN_PUBLICATION,
    [
      id,
      post.workspaceId,
      post.id,
      version,
      post.scheduledAt,
      startedAt,
      channels.map(() => randomUUID()),
      channels.map((c) => c.id),
      channels.map((c) => c.platform),
      channels.map((c) => publicationIdempotencyKey(id, c.id)),
    ],
    "open publication",
    { publicationId: id },
  );
  return { id, results: rows };
}

/**
 * Publishes one publication of `post` on each of its channels, one PublicationResult per channel. A channel whose
 * result is already settled (SUCCEEDED, FAILED, UNCONFIRMED) is never sent again. Before a request leaves, the
 * row is marked in flight; finding that mark later means the answer was lost: the adapter is called again only when
 * the platform honours idempotency keys or the adapter can confirm by itself whether the earlier attempt went out
 * (PlatformAdapter.canConfirmLostAnswer, e.g. Bluesky's record key), else the result becomes UNCONFIRMED.
 * Every write is fenced by `lease`: once another worker has taken the post over, the first write of this one
 * throws StaleLeaseError and changes nothing (a late answer never overwrites what the new holder settled), and no
 * request leaves after that (the in-flight mark comes first).
 */
export async function publishPost({
  sql,
  pool,
  post,
  channels,
  publication,
  lease,
  adapterFor = getPlatformAdapter,
  signal = new AbortController().signal,
  now = () => new Date(),
}: {
  sql: Sql;
  /** For refreshCredentials' transaction; default: `sql` when it is a pool, else the process pool. */
  pool?: Pick<pg.Pool, "connect">;
  post: PublishablePost;
  channels: TargetChannel[];
  publication: { id: string; results: ResultRow[] };
  lease: Lease;
  adapterFor?: AdapterLookup;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<ChannelOutcome[]> {
  const byChannel = new Map(publication.results.map((row) => [row.channelId, row]));
  const connectable = pool ?? ("connect" in sql ? (sql as pg.Pool) : getSql());
  return Promise.all(
    channels.map(async (channel) => {
      const row = byChannel.get(channel.id);
      if (!row) throw new Error(`result row missing for channel ${channel.id}`);
      const ctx = { postId: post.id, publicationId: publication.id, channelId: channel.id, platform: channel.platform };
      const fenced: FencedSql = (text, params, what) => fencedQuery(sql, lease, text, params, what, ctx);
      return publishOnChannel({
        sql: fenced,
        pool: connectable,
        post,
        channel,
        row,
        adapter: adapterFor(channel.platform),
        signal,
        now,
        ctx,
      });
    }),
  );
}

/** A statement runner bound to one claim (fencedQuery): the statements' fence parameters are added. */
type FencedSql = (text: string, params: unknown[], what: string) => ReturnType<typeof fencedQuery>;

/**
 * Why a result did not succeed (PublicationResult.errorKind): the adapter's PublishErrorKind, or "channel" when
 * the channel itself could not publish (inactive, credentials unreadable: fixable in its settings), or
 * "confirmed_missing" when a person checked an UNCONFIRMED result and found nothing on the network.
 */
export type ResultErrorKind = PublishErrorKind | "channel" | "confirmed_missing";

async function settle(
  sql: FencedSql,
  row: ResultRow,
  status: "FAILED" | "UNCONFIRMED",
  message: string,
  kind: ResultErrorKind,
  httpStatus: number | null = null,
) {
  await sql(SETTLE, [row.id, status, message, httpStatus, kind], `settle ${status}`);
  return { channelId: row.channelId, status, errorMessage: message } satisfies ChannelOutcome;
}

/**
 * True when the adapter says it can tell by itself, from what the earlier attempt checkpointed, whether that attempt
 * went out (PlatformAdapter.canConfirmLostAnswer): then it is called again and checks before sending.
 */
const canConfirm = (adapter: PlatformAdapter, row: ResultRow) =>
  adapter.canConfirmLostAnswer?.({ ...(row.adapterState ?? {}) }) === true;

const outcomeOf = (row: ResultRow) =>
  ({ channelId: row.channelId, status: row.status, errorMessage: row.errorMessage }) as ChannelOutcome;

async function publishOnChannel({
  sql,
  pool,
  post,
  channel,
  row,
  adapter,
  signal,
  now,
  ctx,
}: {
  sql: FencedSql;
  pool: Pick<pg.Pool, "connect">;
  post: PublishablePost;
  channel: TargetChannel;
  row: ResultRow;
  adapter: PlatformAdapter;
  signal: AbortSignal;
  now: () => Date;
  ctx: Record<string, string>;
}): Promise<ChannelOutcome> {
  if (row.status !== "PENDING") return outcomeOf(row);
  if (!channel.active) return settle(sql, row, "FAILED", "channel is inactive", "channel");
  if (row.inFlightSince && !adapter.supportsIdempotencyKey && !canConfirm(adapter, row)) {
    log.warn(ctx, "answer of an earlier attempt was lost; marking UNCONFIRMED");
    return settle(sql, row, "UNCONFIRMED", lostAnswerMessage(channel.platform), "unknown_outcome");
  }
  if (channel.needsReconnectReason) {
    // Not retried until the person reconnects: a request with refused credentials cannot succeed. An earlier
    // attempt whose answer was lost may still have gone out: that one is UNCONFIRMED, not FAILED.
    const message = `${channel.displayName} needs reconnecting: ${channel.needsReconnectReason}`;
    if (row.inFlightSince) {
      const unconfirmed = `${message}; an earlier attempt may have reached ${channel.platform}`;
      return settle(sql, row, "UNCONFIRMED", unconfirmed, "unknown_outcome");
    }
    return settle(sql, row, "FAILED", message, "channel");
  }

  let credentials: Record<string, unknown> = {};
  try {
    if (channel.credentialsEnc) credentials = decryptCredentials(channel.credentialsEnc);
  } catch {
    const message = "channel credentials cannot be decrypted (was CREDENTIALS_KEY changed?)";
    return settle(sql, row, "FAILED", message, "channel");
  }

  // What this channel is sent: the post with the channel's own text where it has one ("customise for each network").
  const sending = typeof channel.content === "string" ? { ...post, content: channel.content } : post;
  // Mark before sending: if this process dies now, the next attempt knows the request may have gone out.
  const sent = JSON.stringify(toSentMedia(sending.media));
  const marked = await sql(MARK_IN_FLIGHT, [row.id, now(), sending.content, sending.mediaUrls, sent], "mark in flight");
  if (marked.rowCount === 0) {
    const fresh = (await sql(READ_RESULT, [row.id], "read result")).rows[0] as ResultRow | undefined;
    if (!fresh) throw new Error(`result row ${row.id} disappeared`);
    return outcomeOf(fresh);
  }

  // The credentials this attempt knows are current: a refresh moves them; "needs reconnect" is only recorded if the
  // row still holds them (a reconnect meanwhile wins).
  let sealed = channel.credentialsEnc;
  try {
    const receipt = await adapter.publish({
      post: sending,
      channel: { id: channel.id, displayName: channel.displayName, platform: channel.platform, config: channel.config },
      credentials,
      idempotencyKey: row.idempotencyKey,
      signal,
      state: { ...(row.adapterState ?? {}) },
      checkpoint: async (patch) => {
        const done = await sql(CHECKPOINT, [row.id, JSON.stringify(patch)], "checkpoint");
        if (done.rowCount === 0) throw new Error(`result ${row.id} is no longer being published; checkpoint refused`);
      },
      claimedPostIds: async (since) => {
        const from = new Date(since.getTime() - CLAIMED_LOOKBACK_MS);
        const claimed = await sql(CLAIMED_POST_IDS, [channel.id, row.id, from], "claimed post ids");
        return new Set(claimed.rows.map((r) => String((r as { platformPostId: string }).platformPostId)));
      },
      refreshCredentials: (fn) =>
        refreshChannelCredentials({
          pool,
          channelId: channel.id,
          fn,
          beforeRefresh: async () => void (await sql(STILL_HELD, [], "refresh credentials")),
          onStored: (value) => {
            sealed = value;
          },
        }),
    });
    // A platform post is one post of ours at most. An adapter that looked for its post after a lost answer (same text
    // since the send time, less clock skew) can match another Cadence post with that text published a minute ago:
    // that is not this one, whose fate is then unknown. Webhook receivers' ids are theirs, and need not be unique.
    if (channel.platform !== "WEBHOOK") {
      const taken = await sql(TAKEN_ELSEWHERE, [channel.id, receipt.platformPostId, row.id], "check post is new");
      if (taken.rows[0]?.taken === true) {
        throw new PublishError(
          "unknown_outcome",
          `the post found on ${channel.platform} (${receipt.platformPostId}) is another Cadence post's, published ` +
            "earlier on this channel with the same text; whether this one went out is unknown",
        );
      }
    }
    // Only a web link is kept: a `javascript:` (or any other scheme) answer must never become a clickable link.
    const values = [row.id, receipt.platformPostId, httpUrlOrNull(receipt.url), now(), receipt.httpStatus ?? null];
    await sql(SUCCEED, values, "record success");
    log.debug({ ...ctx, platformPostId: receipt.platformPostId }, "published on channel");
    return { channelId: channel.id, status: "SUCCEEDED", errorMessage: null };
  } catch (err) {
    if (err instanceof StaleLeaseError) throw err; // recording the success was refused: the post is someone else's
    // Anything that is not a PublishError is a defect on our side after the send may have started.
    const error =
      err instanceof PublishError
        ? err
        : new PublishError("unknown_outcome", `adapter error: ${(err as Error).message}`);
    log.warn({ ...ctx, kind: error.kind, err: error.message }, "channel publish did not succeed");
    const httpStatus = error.httpStatus ?? null;
    if (error.kind === "permanent") return settle(sql, row, "FAILED", error.message, "permanent", httpStatus);
    if (error.kind === "reconnect") {
      const values = [row.id, error.message, httpStatus, now(), channel.id, sealed];
      await sql(SETTLE_RECONNECT, values, "settle needs reconnect");
      return { channelId: channel.id, status: "FAILED", errorMessage: error.message };
    }
    if (error.kind === "unknown_outcome" && !adapter.supportsIdempotencyKey) {
      const message = `${error.message}; ${lostAnswerMessage(channel.platform)}`;
      return settle(sql, row, "UNCONFIRMED", message, "unknown_outcome");
    }
    // Transient, or unknown outcome on a platform that drops repeats: the same key makes a retry safe.
    await sql(KEEP_PENDING, [row.id, error.message, httpStatus, error.kind], "keep pending");
    return { channelId: channel.id, status: "PENDING", errorMessage: error.message, retryAfterMs: error.retryAfterMs };
  }
}
