import { randomUUID } from "node:crypto";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import type { ThreadsSettings } from "@/lib/publishing/networks/threads/settings";
import type { PublishableMedia, PublishablePost, PublishRequest, PublishTarget } from "@/lib/publishing/networks/types";
import { publishablePost } from "@/tests/helpers/publish-request";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";
import { createThreadsStub, type ThreadsStubState } from "@/tests/stubs/threads";

/** The Threads stub on 127.0.0.1, with settings and a guarded fetch that point Cadence at it. */
export async function startThreadsStub(opts: { pollsUntilFinished?: number } = {}) {
  const stub = createThreadsStub(opts);
  const server: StubServer = await startStubServer(stub.routes);
  const settings = (): ThreadsSettings => ({ apiUrl: server.url, authUrl: server.url, app: stub.state.app });
  const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
  return { server, state: stub.state as ThreadsStubState, settings, fetch };
}

/** A library image as the publisher hands it to adapters (a signed public URL already made). */
export function threadsImage(name: string, altText: string | null = null): PublishableMedia {
  const id = randomUUID();
  return {
    id,
    name,
    kind: "IMAGE",
    mimeType: "image/jpeg",
    bytes: 120_000,
    sha256: "0".repeat(64),
    width: 1080,
    height: 1350,
    durationMs: null,
    altText,
    url: `https://cadence.example.test/media/${id}/original?exp=1&sig=abc`,
    storageKey: `ws/${id}/original`,
  };
}

/**
 * A PublishRequest for the THREADS adapter with a store kept across calls: `state` holds every checkpoint made so
 * far (merged as PostgreSQL's jsonb `||` would), `credentials` what the last refresh stored. `failCheckpoint`
 * makes the checkpoint carrying that key throw (the worker dies right there, before the step it protects).
 */
export function threadsPublication({
  post,
  userId,
  accessToken,
  expiresAt = new Date(Date.now() + 50 * 86_400_000).toISOString(),
}: {
  post: Partial<PublishablePost>;
  userId: string;
  accessToken: string;
  expiresAt?: string | null;
}) {
  const store = {
    state: {} as Record<string, unknown>,
    credentials: { accessToken, expiresAt, refreshToken: null, scope: null } as Record<string, unknown>,
    checkpoints: [] as Record<string, unknown>[],
    failCheckpoint: null as string | null,
  };
  const channel: PublishTarget = {
    id: randomUUID(),
    displayName: "Threads",
    platform: "THREADS",
    config: { userId, username: "stub.threads" },
  };
  const fullPost: PublishablePost = publishablePost({ workspaceId: randomUUID(), ...post });
  const request = (signal = new AbortController().signal): PublishRequest => ({
    post: fullPost,
    channel,
    credentials: { ...store.credentials },
    idempotencyKey: randomUUID(),
    signal,
    state: { ...store.state },
    async checkpoint(patch) {
      if (store.failCheckpoint && store.failCheckpoint in patch)
        throw new Error(`worker died before ${store.failCheckpoint}`);
      store.checkpoints.push(patch);
      Object.assign(store.state, patch);
    },
    async refreshCredentials(fn) {
      store.credentials = await fn({ ...store.credentials });
      return store.credentials;
    },
  });
  return { store, channel, post: fullPost, request };
}
