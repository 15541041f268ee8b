import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { CredentialsLockTimeoutError, refreshChannelCredentials } from "@/lib/channels/refresh-channel-credentials";
import { decryptCredentials, encryptCredentials } from "@/lib/crypto/credentials";
import { createSqlPool } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import type { Platform } from "@/lib/generated/prisma/enums";
import { StaleLeaseError } from "@/lib/publishing/lease-fence";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { type PlatformAdapter, PublishError, type PublishRequest } from "@/lib/publishing/networks/types";
import { type PublishJobHandle, processPublishJob } from "@/lib/publishing/process-publish-job";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";

// What the network adapters stand on (lib/publishing/networks/types.ts): state kept between attempts
// (checkpoint), credentials refreshed by one worker at a time, and the "reconnect" refusal. Driven through the
// real publish job processor against PostgreSQL, with a test adapter registered for SANDBOX through the
// AdapterLookup seam the worker takes.

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
const sql = createSqlPool();
afterAll(() => sql.end());

const LEASE_MS = 30_000;
const env = { ...getEnv(), PUBLISH_LEASE_MS: LEASE_MS, PUBLISH_BACKOFF_MS: 1 };
let workspaceId: string;
let token: string;

beforeEach(async () => {
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});

/** A due SCHEDULED post (version 1) on `channelId`. */
async function duePost(channelId: string, content = "state test") {
  const post = await createTestPost(db, { workspaceId, channelIds: [channelId], content });
  await db.post.update({
    where: { id: post.id },
    data: { status: "SCHEDULED", version: 1, scheduledAt: new Date(Date.now() - 1_000) },
  });
  return post;
}

const jobFor = (postId: string, id: string, attemptsMade = 0): PublishJobHandle => ({
  id,
  data: { postId, workspaceId, version: 1 },
  attemptsMade,
  opts: { attempts: 8 },
  moveToDelayed: async () => undefined,
});

/** Registers `publish` as the adapter of `platform` (one that drops repeats by key, as a reconciling adapter would). */
function lookup(publish: PlatformAdapter["publish"], platform: Platform = "SANDBOX") {
  const adapter: PlatformAdapter = { ...getPlatformAdapter(platform), supportsIdempotencyKey: true, publish };
  return (p: Platform) => (p === platform ? adapter : getPlatformAdapter(p));
}

const resultOf = (postId: string) => db.publicationResult.findFirstOrThrow({ where: { publication: { postId } } });
const later = () => new Date(Date.now() + LEASE_MS + 5_000);

describe("PublishRequest.state and checkpoint", () => {
  it("a checkpoint survives a retry: the next attempt receives it in `state`", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await duePost(channel.id);
    const seen: Record<string, unknown>[] = [];
    const adapterFor = lookup(async ({ state, checkpoint }) => {
      seen.push(state);
      if (seen.length === 1) {
        await checkpoint({ rkey: "3kabc", step: "created" });
        await checkpoint({ step: "sent" }); // merged: rkey stays
        throw new PublishError("transient", "502 from the PDS");
      }
      return { platformPostId: String(state.rkey), url: null };
    });

    const first = processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env });
    await expect(first).rejects.toThrow(/transient publish failure/);
    expect((await resultOf(post.id)).adapterState).toEqual({ rkey: "3kabc", step: "sent" });

    const second = await processPublishJob({ sql, job: jobFor(post.id, "a", 1), adapterFor, env, now: later });
    expect(second).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    expect(seen).toEqual([{}, { rkey: "3kabc", step: "sent" }]);
    expect(await resultOf(post.id)).toMatchObject({ status: "SUCCEEDED", platformPostId: "3kabc", attempts: 2 });
  });

  it("after a worker dies mid-request, the worker that takes over receives its checkpoint; the dead one's later checkpoint writes nothing", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await duePost(channel.id);
    let wake: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const seen: Record<string, unknown>[] = [];
    let lateCheckpoint: Promise<unknown> | undefined;
    const adapterFor = lookup(async ({ state, checkpoint }) => {
      seen.push(state);
      if (seen.length === 1) {
        await checkpoint({ containerId: "c-1" });
        // Worker A stops here (frozen, cut off, killed) past its lease; when it wakes it tries to go on.
        await frozen;
        lateCheckpoint = checkpoint({ containerId: "c-from-the-dead", published: true });
        await lateCheckpoint;
        return { platformPostId: "from-a", url: null };
      }
      await checkpoint({ published: true });
      return { platformPostId: `from-b-${state.containerId}`, url: null };
    });

    const a = processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env });
    await waitFor(() => seen.length === 1, { what: "worker A's first step" });
    await waitFor(async () => ((await resultOf(post.id)).adapterState as { containerId?: string }).containerId, {
      what: "worker A's checkpoint",
    });
    const b = await processPublishJob({ sql, job: jobFor(post.id, "b"), adapterFor, env, now: later });
    expect(b).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    expect(seen[1]).toEqual({ containerId: "c-1" });
    const settled = await resultOf(post.id);
    expect(settled).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: "from-b-c-1",
      adapterState: { containerId: "c-1", published: true },
    });

    wake();
    expect(await a).toMatchObject({ outcome: "dropped", reason: expect.stringContaining("lease lost") });
    await expect(lateCheckpoint).rejects.toBeInstanceOf(StaleLeaseError);
    expect(await resultOf(post.id)).toEqual(settled);
  });
});

describe("PlatformAdapter.canConfirmLostAnswer (a result found in flight, on a platform without idempotency keys)", () => {
  /**
   * A SANDBOX stand-in for an adapter that takes no idempotency key: its first attempt checkpoints `first` and
   * fails (transient); the row is then put back in flight, as a worker killed mid-request leaves it. Returns how
   * the second attempt settled and the states publish() was called with.
   */
  async function afterCrash(first: Record<string, unknown>, canConfirm: PlatformAdapter["canConfirmLostAnswer"]) {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await duePost(channel.id);
    const seen: Record<string, unknown>[] = [];
    const adapter: PlatformAdapter = {
      ...getPlatformAdapter("SANDBOX"),
      supportsIdempotencyKey: false,
      canConfirmLostAnswer: canConfirm,
      publish: async ({ state, checkpoint }) => {
        seen.push(state);
        if (seen.length === 1) {
          await checkpoint(first);
          throw new PublishError("transient", "cut off");
        }
        return { platformPostId: `found-${String(state.rkey)}`, url: "https://example.test/p/1" };
      },
    };
    if (!canConfirm) delete adapter.canConfirmLostAnswer;
    const adapterFor = (p: Platform) => (p === "SANDBOX" ? adapter : getPlatformAdapter(p));
    await expect(processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env })).rejects.toThrow(/transient/);
    const row = await resultOf(post.id);
    await db.publicationResult.update({ where: { id: row.id }, data: { inFlightSince: new Date() } });
    await processPublishJob({ sql, job: jobFor(post.id, "a", 1), adapterFor, env, now: later }).catch(() => undefined);
    return { result: await resultOf(post.id), seen };
  }
  const byRkey = (state: Record<string, unknown>) => typeof state.rkey === "string";

  it("true for the stored state: the adapter is called again with it and its answer settles the result", async () => {
    const { result, seen } = await afterCrash({ rkey: "3kabc" }, byRkey);
    expect(seen).toEqual([{}, { rkey: "3kabc" }]);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: "found-3kabc", attempts: 2 });
  });

  it("false for the stored state: UNCONFIRMED, and the adapter is not called", async () => {
    const { result, seen } = await afterCrash({ other: 1 }, byRkey);
    expect(seen).toHaveLength(1);
    expect(result).toMatchObject({ status: "UNCONFIRMED", errorKind: "unknown_outcome", attempts: 1 });
  });

  it("an adapter without it keeps the old rule: UNCONFIRMED without a call", async () => {
    const { result, seen } = await afterCrash({ rkey: "3kabc" }, undefined);
    expect(seen).toHaveLength(1);
    expect(result.status).toBe("UNCONFIRMED");
  });
});

describe("refreshCredentials", () => {
  /** Waits until some session waits for an advisory lock (the second refresher is queued behind the first). */
  const someoneWaitsForTheLock = () =>
    waitFor(
      async () =>
        (
          await sql.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
          )
        ).rows[0]?.n,
      { what: "a refresher waiting for the channel's lock" },
    );

  it("two workers publishing on one channel refresh one after the other; the second sees the first's tokens", async () => {
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "SANDBOX",
      credentials: { accessJwt: "jwt-0", refreshes: 0 },
    });
    const posts = [await duePost(channel.id, "one"), await duePost(channel.id, "two")];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const latestSeen: Record<string, unknown>[] = [];
    const used: string[] = [];
    const adapterFor = lookup(async ({ refreshCredentials, post }) => {
      const fresh = await refreshCredentials(async (latest) => {
        latestSeen.push(latest);
        if (latestSeen.length === 1) await gate; // the first refresher is slow; the second must wait for it
        const refreshes = Number(latest.refreshes) + 1;
        return { accessJwt: `jwt-${refreshes}`, refreshes };
      });
      used.push(`${post.content}:${fresh.accessJwt}`);
      return { platformPostId: `p-${post.id}`, url: null };
    });

    const runs = posts.map((p, i) => processPublishJob({ sql, job: jobFor(p.id, `r${i}`), adapterFor, env }));
    await waitFor(() => latestSeen.length === 1, { what: "the first refresher to start" });
    await someoneWaitsForTheLock();
    expect(latestSeen).toHaveLength(1); // the second is blocked, not running beside the first
    release();
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((o) => o.outcome === "finished" && o.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(latestSeen).toEqual([
      { accessJwt: "jwt-0", refreshes: 0 },
      { accessJwt: "jwt-1", refreshes: 1 },
    ]);
    expect(used.map((u) => u.split(":")[1]).sort()).toEqual(["jwt-1", "jwt-2"]);
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(decryptCredentials(stored.credentialsEnc ?? "")).toEqual({ accessJwt: "jwt-2", refreshes: 2 });
  });

  it("a worker that lost its post to a takeover does not start a refresh", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", credentials: { token: "t0" } });
    const post = await duePost(channel.id);
    let wake: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let attempts = 0;
    let refreshRan = false;
    let lateRefresh: Promise<unknown> | undefined;
    const adapterFor = lookup(async ({ refreshCredentials }) => {
      attempts += 1;
      if (attempts === 1) {
        await frozen;
        lateRefresh = refreshCredentials(async () => {
          refreshRan = true;
          return { token: "from-the-dead" };
        });
        await lateRefresh;
      }
      return { platformPostId: "ok", url: null };
    });
    const a = processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env });
    await waitFor(() => attempts === 1, { what: "worker A's request" });
    await processPublishJob({ sql, job: jobFor(post.id, "b"), adapterFor, env, now: later });
    wake();
    expect(await a).toMatchObject({ outcome: "dropped" });
    await expect(lateRefresh).rejects.toBeInstanceOf(StaleLeaseError);
    expect(refreshRan).toBe(false);
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(decryptCredentials(stored.credentialsEnc ?? "")).toEqual({ token: "t0" });
  });

  it("outside publishing: a refresher that cannot get the lock within its wait gives up; a reconnect meanwhile wins", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", credentials: { token: "old" } });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = refreshChannelCredentials({
      pool: sql,
      channelId: channel.id,
      fn: async () => {
        await gate;
        return { token: "refreshed" };
      },
    });
    await waitFor(
      async () =>
        ((await sql.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted")).rowCount ?? 0) > 0,
      { what: "the first refresher to hold the lock" },
    );
    const impatient = refreshChannelCredentials({
      pool: sql,
      channelId: channel.id,
      waitMs: 200,
      fn: async () => ({ token: "never" }),
    });
    await expect(impatient).rejects.toBeInstanceOf(CredentialsLockTimeoutError);

    // The person reconnects while the slow refresh runs: their credentials are kept, and returned to it.
    await db.channel.update({
      where: { id: channel.id },
      data: { credentialsEnc: encryptCredentials({ token: "reconnected" }) },
    });
    release();
    expect(await slow).toEqual({ token: "reconnected" });
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(decryptCredentials(stored.credentialsEnc ?? "")).toEqual({ token: "reconnected" });
  });
});

describe('PublishError "reconnect"', () => {
  const reconnect = (channelId: string) =>
    callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: channelId } });

  it("fails the result, puts the channel in needs_reconnect, fails its next due post without a request, refuses scheduling (422) until new credentials", async () => {
    // A WEBHOOK channel (credentials can be replaced through PATCH) with the test adapter in its place.
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      displayName: "Sky box",
      config: { url: "https://hooks.example.test/in" },
      credentials: { secret: "s1-secret-of-sixteen" },
    });
    const requests: string[] = [];
    const adapterFor = lookup(async ({ post }: PublishRequest) => {
      requests.push(post.id);
      throw new PublishError("reconnect", "the session was revoked", { httpStatus: 401 });
    }, "WEBHOOK");
    const first = await duePost(channel.id, "first");
    const second = await duePost(channel.id, "second");

    const one = await processPublishJob({ sql, job: jobFor(first.id, "1"), adapterFor, env });
    expect(one).toMatchObject({ outcome: "finished", status: "FAILED" });
    expect(await resultOf(first.id)).toMatchObject({
      status: "FAILED",
      errorMessage: "the session was revoked",
      responseStatus: 401,
      inFlightSince: null,
    });
    const shown = await reconnect(channel.id);
    expect(shown.json).toMatchObject({
      state: "needs_reconnect",
      stateReason: "the session was revoked",
      canPublish: false,
      cannotPublishReason: "Sky box needs reconnecting: the session was revoked",
    });
    expect(shown.json.needsReconnectAt).toEqual(expect.any(String));

    // The next due post on the channel fails at once, without a request (retrying cannot help until reconnect).
    const two = await processPublishJob({ sql, job: jobFor(second.id, "2"), adapterFor, env });
    expect(two).toMatchObject({ outcome: "finished", status: "FAILED" });
    expect(await resultOf(second.id)).toMatchObject({
      status: "FAILED",
      errorMessage: "Sky box needs reconnecting: the session was revoked",
      attempts: 0,
    });
    expect(requests).toEqual([first.id]);

    // Scheduling to it is 422 naming it and why.
    const draft = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "third" });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const schedule = () =>
      callRoute(scheduleRoute.POST, {
        method: "POST",
        path: "/api/scheduling/posts/id/schedule",
        token,
        params: { id: draft.id },
        body: { scheduledAt: at },
      });
    const refused = await schedule();
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toEqual([
      { path: "channelIds", channelId: channel.id, message: "Sky box needs reconnecting: the session was revoked" },
    ]);

    // Reconnecting (credentials replaced) clears the state.
    const patched = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: channel.id },
      body: { credentials: { secret: "s2-secret-of-sixteen" } },
    });
    expect(patched.json).toMatchObject({ state: "connected", stateReason: null, canPublish: true });
    expect((await schedule()).status).toBe(200);
  });

  it("a request that may have gone out before the channel needed reconnecting is UNCONFIRMED, not FAILED", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    let wake: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let calls = 0;
    const adapterFor = lookup(async () => {
      calls += 1;
      await frozen; // worker A dies mid-request: its answer never comes
      return { platformPostId: "late", url: null };
    });
    const post = await duePost(channel.id);
    const a = processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env });
    await waitFor(async () => (await resultOf(post.id)).inFlightSince, { what: "worker A's request in flight" });
    await markChannelNeedsReconnect({ sql, channelId: channel.id, reason: "the token expired" });

    const b = await processPublishJob({ sql, job: jobFor(post.id, "b"), adapterFor, env, now: later });
    expect(b).toMatchObject({ outcome: "finished", status: "FAILED" });
    expect(await resultOf(post.id)).toMatchObject({
      status: "UNCONFIRMED",
      errorMessage: "Box needs reconnecting: the token expired; an earlier attempt may have reached SANDBOX",
    });
    expect(calls).toBe(1);
    wake();
    expect(await a).toMatchObject({ outcome: "dropped" });
  });

  it("does not mark the channel when its credentials were replaced during the attempt (the person reconnected)", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", credentials: { session: "old" } });
    const adapterFor = lookup(async () => {
      await db.channel.update({
        where: { id: channel.id },
        data: { credentialsEnc: encryptCredentials({ session: "new" }) },
      });
      throw new PublishError("reconnect", "the session was revoked");
    });
    const post = await duePost(channel.id);
    await processPublishJob({ sql, job: jobFor(post.id, "x"), adapterFor, env });
    expect(await resultOf(post.id)).toMatchObject({ status: "FAILED", errorMessage: "the session was revoked" });
    expect(await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toMatchObject({
      needsReconnectReason: null,
      needsReconnectAt: null,
    });
  });
});
