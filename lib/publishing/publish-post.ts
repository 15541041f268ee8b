import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Channel, PublicationResult } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { type AdapterLookup, getPlatformAdapter } from "@/lib/publishing/platforms/get-platform-adapter";
import { type PlatformAdapter, type PublishablePost, PublishError } from "@/lib/publishing/platforms/types";

const log = logger("publish:post");

export type ChannelOutcome =
  | { channelId: string; status: "SUCCEEDED" | "FAILED" | "UNCONFIRMED"; errorMessage: string | null }
  /** Not published yet; worth another attempt later (after retryAfterMs when the platform said so). */
  | { channelId: string; status: "PENDING"; errorMessage: string; retryAfterMs?: number };

/** Same on every attempt of one publication on one channel, so a receiver can drop repeats. */
export function publicationIdempotencyKey(publicationId: string, channelId: string): string {
  return `${publicationId}.${channelId}`;
}

const lostAnswerMessage = (platform: string) =>
  `a previous attempt may have reached ${platform} but its answer was lost, and ${platform} takes no ` +
  "idempotency key: not sent again to avoid a duplicate post. Check the channel and republish by hand if missing.";

/**
 * Publishes one publication of `post` on each of its channels, one PublicationResult per channel. A channel whose
 * result is already settled (SUCCEEDED, FAILED, UNCONFIRMED) is never sent again. Before a request leaves, the
 * row is marked in flight; finding that mark later means the answer was lost: the request is repeated only when
 * the platform honours idempotency keys, else the result becomes UNCONFIRMED.
 */
export async function publishPost({
  db,
  post,
  publication,
  adapterFor = getPlatformAdapter,
  signal = new AbortController().signal,
  now = () => new Date(),
}: {
  db: Db;
  post: PublishablePost;
  publication: { id: string };
  adapterFor?: AdapterLookup;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<ChannelOutcome[]> {
  const targets = await db.postChannel.findMany({
    where: { postId: post.id, channel: { workspaceId: post.workspaceId } },
    include: { channel: true },
    orderBy: { channelId: "asc" },
  });
  await db.publicationResult.createMany({
    data: targets.map(({ channel }) => ({
      publicationId: publication.id,
      channelId: channel.id,
      platform: channel.platform,
      idempotencyKey: publicationIdempotencyKey(publication.id, channel.id),
    })),
    skipDuplicates: true,
  });
  const rows = await db.publicationResult.findMany({ where: { publicationId: publication.id } });
  const byChannel = new Map(rows.map((row) => [row.channelId, row]));

  return Promise.all(
    targets.map(async ({ channel }) => {
      const row = byChannel.get(channel.id);
      if (!row) throw new Error(`result row missing for channel ${channel.id}`);
      return publishOnChannel({ db, post, channel, row, adapter: adapterFor(channel.platform), signal, now });
    }),
  );
}

async function settle(db: Db, row: PublicationResult, status: "FAILED" | "UNCONFIRMED", message: string) {
  await db.publicationResult.update({
    where: { id: row.id },
    data: { status, errorMessage: message, inFlightSince: null },
  });
  return { channelId: row.channelId, status, errorMessage: message } satisfies ChannelOutcome;
}

async function publishOnChannel({
  db,
  post,
  channel,
  row,
  adapter,
  signal,
  now,
}: {
  db: Db;
  post: PublishablePost;
  channel: Channel;
  row: PublicationResult;
  adapter: PlatformAdapter;
  signal: AbortSignal;
  now: () => Date;
}): Promise<ChannelOutcome> {
  const ctx = { postId: post.id, publicationId: row.publicationId, channelId: channel.id, platform: channel.platform };
  if (row.status !== "PENDING") return { channelId: row.channelId, status: row.status, errorMessage: row.errorMessage };
  if (!channel.active) return settle(db, row, "FAILED", "channel is inactive");
  if (row.inFlightSince && !adapter.supportsIdempotencyKey) {
    log.warn(ctx, "answer of an earlier attempt was lost; marking UNCONFIRMED");
    return settle(db, row, "UNCONFIRMED", lostAnswerMessage(channel.platform));
  }

  let credentials: Record<string, unknown> = {};
  try {
    if (channel.credentialsEnc) credentials = decryptCredentials(channel.credentialsEnc);
  } catch {
    return settle(db, row, "FAILED", "channel credentials cannot be decrypted (was CREDENTIALS_KEY changed?)");
  }

  // Mark before sending: if this process dies now, the next attempt knows the request may have gone out.
  const marked = await db.publicationResult.updateMany({
    where: { id: row.id, status: "PENDING" },
    data: { inFlightSince: now(), attempts: { increment: 1 } },
  });
  if (marked.count === 0) {
    const fresh = await db.publicationResult.findUniqueOrThrow({ where: { id: row.id } });
    return { channelId: fresh.channelId, status: fresh.status, errorMessage: fresh.errorMessage } as ChannelOutcome;
  }

  try {
    const receipt = await adapter.publish({
      post,
      channel: { id: channel.id, displayName: channel.displayName, platform: channel.platform, config: channel.config },
      credentials,
      idempotencyKey: row.idempotencyKey,
      signal,
    });
    await db.publicationResult.update({
      where: { id: row.id },
      data: {
        status: "SUCCEEDED",
        platformPostId: receipt.platformPostId,
        url: receipt.url,
        errorMessage: null,
        inFlightSince: null,
        publishedAt: now(),
      },
    });
    log.info({ ...ctx, platformPostId: receipt.platformPostId }, "published on channel");
    return { channelId: channel.id, status: "SUCCEEDED", errorMessage: null };
  } catch (err) {
    // Anything that is not a PublishError is a defect on our side after the send may have started.
    const error =
      err instanceof PublishError
        ? err
        : new PublishError("unknown_outcome", `adapter error: ${(err as Error).message}`);
    log.warn({ ...ctx, kind: error.kind, err: error.message }, "channel publish did not succeed");
    if (error.kind === "permanent") return settle(db, row, "FAILED", error.message);
    if (error.kind === "unknown_outcome" && !adapter.supportsIdempotencyKey) {
      return settle(db, row, "UNCONFIRMED", `${error.message}; ${lostAnswerMessage(channel.platform)}`);
    }
    // Transient, or unknown outcome on a platform that drops repeats: the same key makes a retry safe.
    await db.publicationResult.update({
      where: { id: row.id },
      data: { errorMessage: error.message, inFlightSince: null },
    });
    return { channelId: channel.id, status: "PENDING", errorMessage: error.message, retryAfterMs: error.retryAfterMs };
  }
}
