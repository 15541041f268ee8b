import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/prisma";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createInstagramAdapter } from "@/lib/publishing/networks/instagram/adapter";
import type { PublishableMedia, PublishablePost, PublishRequest } from "@/lib/publishing/networks/types";
import { signPostMedia } from "@/lib/publishing/sign-post-media";
import { publishablePost } from "@/tests/helpers/publish-request";
import type { InstagramStubAccount } from "@/tests/stubs/instagram";

/** A professional account as the Meta login would have connected it (fresh ids and token each call). */
export function instagramAccount(extra: Partial<InstagramStubAccount> = {}): InstagramStubAccount {
  const n = Math.floor(Math.random() * 1e9);
  return {
    igUserId: `17841${String(n).padStart(10, "0")}`,
    username: `cadence_${n}`,
    pageId: `1000${n}`,
    accessToken: `EAAG${randomUUID().replaceAll("-", "")}`,
    followersCount: 4321,
    ...extra,
  };
}

/** The INSTAGRAM adapter pointed at a stub at `url`, polling fast, allowed to reach 127.0.0.1. */
export function instagramAdapterFor(url: string, extra: Parameters<typeof createInstagramAdapter>[0] = {}) {
  return createInstagramAdapter({
    fetch: createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) }),
    settings: () => ({ graphUrl: url, version: "v27.0", appSecret: undefined }),
    pollIntervalMs: 5,
    maxWaitMs: 2_000,
    ...extra,
  });
}

/** The channel config and credentials the Meta login stores for an INSTAGRAM channel. */
export function channelOf(account: InstagramStubAccount) {
  return {
    config: {
      igUserId: account.igUserId,
      accountId: account.igUserId,
      pageId: account.pageId,
      username: account.username,
    },
    credentials: { accessToken: account.accessToken, expiresAt: null },
  };
}

/**
 * A publish request as the core makes it, with an in-memory checkpoint store: `state` holds what was checkpointed,
 * `patches` each patch in order. `onCheckpoint` runs after a patch is stored (throw there to stand for a worker dying
 * right after a durable checkpoint).
 */
export function instagramRequest(
  account: InstagramStubAccount,
  post: Partial<PublishablePost>,
  opts: {
    state?: Record<string, unknown>;
    token?: string;
    onCheckpoint?: (patch: Record<string, unknown>) => void;
  } = {},
) {
  const state: Record<string, unknown> = { ...(opts.state ?? {}) };
  const patches: Record<string, unknown>[] = [];
  const { config } = channelOf(account);
  const req: PublishRequest = {
    post: publishablePost({ content: `Caption ${randomUUID()}`, ...post }),
    channel: { id: randomUUID(), displayName: `@${account.username}`, platform: "INSTAGRAM", config },
    credentials: { accessToken: opts.token ?? account.accessToken, expiresAt: null },
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    state: { ...state },
    checkpoint: async (patch) => {
      Object.assign(state, patch);
      patches.push(patch);
      opts.onCheckpoint?.(patch);
    },
    refreshCredentials: async (fn) => fn(req.credentials),
  };
  return { req, state, patches };
}

/** Library items (uploaded through the API) as the publishing core hands them to adapters: signed URLs, alt text. */
export async function publishableMedia(
  db: Db,
  items: { id: string; altText?: string | null }[],
): Promise<PublishableMedia[]> {
  const rows = await db.mediaItem.findMany({ where: { id: { in: items.map((i) => i.id) } } });
  const stored = items.map((i) => {
    const row = rows.find((r) => r.id === i.id);
    if (!row) throw new Error(`no media item ${i.id}`);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      mimeType: row.mimeType,
      bytes: Number(row.bytes),
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      durationMs: row.durationMs,
      altText: i.altText ?? null,
      storageKey: row.storageKey,
      thumbnailKey: row.thumbnailKey,
    };
  });
  return signPostMedia({ media: stored });
}
