import { randomUUID } from "node:crypto";
import type http from "node:http";
import { AtpAgent } from "@atproto/api";
import { describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { lastSweepKey, workerHeartbeatPattern } from "@/lib/queue/status-keys";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { createMastodonPublisher, listMastodonStatuses } from "@/tests/helpers/mastodon-publisher";
import { type RelayPlan, startNetworkRelay } from "@/tests/helpers/network-relay";
import { waitFor } from "@/tests/helpers/wait-for";
import { setupWorkerProcessSuite, spawnWorkerProcess } from "@/tests/helpers/worker-process";

// Exactly once on the real networks through the REAL worker process (worker/index.ts): a Bluesky channel on the
// launcher's PDS and a Mastodon channel on its GoToSocial, each reached through a relay on 127.0.0.1 (the channel's
// server URL) that holds, forwards or drops the create request, or drops its answer. The worker is SIGKILLed while
// the create request is held; a second worker finishes the post. Then the records on the PDS and the statuses on
// the account are counted.

let queueName: string;
let workspaceId: string;
const { db, redis, cleanups } = setupWorkerProcessSuite("unused-secret", (state) => {
  ({ queueName, workspaceId } = state);
});

function openQueue() {
  const queue = createPublishQueue(redis, queueName);
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const heartbeats = await redis.keys(workerHeartbeatPattern(queueName));
    await redis.del(lastSweepKey(queueName), ...heartbeats);
  });
  return queue;
}

function spawnWorker() {
  const worker = spawnWorkerProcess({
    PUBLISH_QUEUE_NAME: queueName,
    SWEEP_EVERY_MS: "1000",
    PUBLISH_LEASE_MS: "2000",
    PUBLISH_BACKOFF_MS: "200",
    WORKER_CONCURRENCY: "2",
  });
  cleanups.push(() => worker.stop());
  return worker;
}

async function relayTo(target: string, plan: RelayPlan, matches: (req: http.IncomingMessage) => boolean) {
  const relay = await startNetworkRelay({ target, plan, matches });
  cleanups.push(() => relay.close());
  return relay;
}

/** Schedules `postId` 1 s from now on a fresh queue of this test. */
async function scheduleSoon(postId: string) {
  await schedulePost({
    db,
    queue: openQueue(),
    workspaceId,
    postId,
    scheduledAt: new Date(Date.now() + 1_000).toISOString(),
    now: new Date(),
  });
}

/** The post's only result once it is settled (not PENDING), with the worker's output in the error otherwise. */
async function settledResult(postId: string, output: () => string, timeoutMs = 45_000) {
  const read = () => db.publicationResult.findFirst({ where: { publication: { postId } } });
  await waitFor(
    async () => {
      const post = await db.post.findUniqueOrThrow({ where: { id: postId } });
      return (post.status === "PUBLISHED" || post.status === "FAILED") && (await read())?.status !== "PENDING";
    },
    { what: `post ${postId} to settle`, timeoutMs },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- worker output ---\n${output().slice(-4000)}`);
  });
  const result = await read();
  if (!result) throw new Error("no result row");
  return result;
}

const CREATE_RECORD = (req: http.IncomingMessage) =>
  req.method === "POST" && (req.url ?? "").startsWith("/xrpc/com.atproto.repo.createRecord");
const CREATE_STATUS = (req: http.IncomingMessage) => req.method === "POST" && req.url === "/api/v1/statuses";

async function blueskyChannel(plan: RelayPlan) {
  const account = await createBlueskyAccount({ prefix: "eo" });
  const { config, credentials } = await connectBlueskyAccount({
    identifier: account.handle,
    appPassword: account.password,
    service: account.pdsUrl,
    plcUrl: getEnv().BLUESKY_PLC_URL,
    fetch: createGuardedFetch(),
  });
  const relay = await relayTo(account.pdsUrl, plan, CREATE_RECORD);
  // The adapter sends every repository call to config.pdsUrl: here, the relay.
  const channel = await createTestChannel(db, {
    workspaceId,
    platform: "BLUESKY",
    displayName: `@${config.handle}`,
    config: { ...config, pdsUrl: relay.url },
    credentials,
  });
  const records = async () => {
    const reader = new AtpAgent({ service: account.pdsUrl });
    const listed = await reader.com.atproto.repo.listRecords({ repo: config.did, collection: "app.bsky.feed.post" });
    return listed.data.records;
  };
  return { channel, relay, records, handle: config.handle, did: config.did };
}

async function mastodonChannel(plan: RelayPlan) {
  const publisher = await createMastodonPublisher("eo");
  const relay = await relayTo(publisher.serverUrl, plan, CREATE_STATUS);
  const channel = await createTestChannel(db, {
    workspaceId,
    platform: "MASTODON",
    displayName: `@${publisher.acct}`,
    config: { serverUrl: relay.url, accountId: publisher.accountId, acct: publisher.acct, serverVersion: "0.19.2" },
    credentials: { accessToken: publisher.token },
  });
  return { channel, relay, statuses: () => listMastodonStatuses(publisher) };
}

/** Starts a worker, waits for the create request to be held at the relay, SIGKILLs the worker, then releases. */
async function killWhileHeld(relay: Awaited<ReturnType<typeof relayTo>>, postId: string, forward: boolean) {
  const first = spawnWorker();
  await scheduleSoon(postId);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    relay.arrived.then(() => "arrived" as const),
    first.exited.then(() => "exited" as const),
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), 45_000);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== "arrived")
    throw new Error(`the create request never came (${outcome}):\n${first.output().slice(-3000)}`);
  first.child.kill("SIGKILL");
  await first.exited;
  const stuck = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId } } });
  expect(stuck).toMatchObject({ status: "PENDING", inFlightSince: expect.any(Date) });
  if (forward)
    await relay.release(); // the post reaches the network after its worker died
  else await relay.close(); // it never does
}

describe("Bluesky through the worker: one record whatever is lost", () => {
  it("(a) worker SIGKILLed with the create request in flight, which then reaches the PDS: the next worker finds it", async () => {
    const sky = await blueskyChannel("hold");
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: [sky.channel.id],
      content: `crash ${randomUUID()}`,
    });
    await killWhileHeld(sky.relay, post.id, true);
    expect(await sky.records()).toHaveLength(1);

    const second = spawnWorker();
    const result = await settledResult(post.id, second.output);
    const records = await sky.records();
    expect(records).toHaveLength(1);
    const rkey = records[0]?.uri.split("/").pop();
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: records[0]?.uri,
      url: `https://bsky.app/profile/${sky.handle}/post/${rkey}`,
      attempts: 2,
    });
    expect(result.adapterState).toMatchObject({ rkey });
    expect(sky.relay.matched()).toBe(1); // the second worker read the record back; it created nothing
  });

  it("(a') worker SIGKILLed with the create request held, which never arrives: the next one posts it once, same key", async () => {
    const sky = await blueskyChannel("hold");
    const content = `crash, lost request ${randomUUID()}`;
    const post = await createTestPost(db, { workspaceId, channelIds: [sky.channel.id], content });
    await killWhileHeld(sky.relay, post.id, false);
    expect(await sky.records()).toHaveLength(0);
    const before = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId: post.id } } });
    const rkey = (before.adapterState as { rkey: string }).rkey;

    // The relay is gone: the next worker goes straight to the PDS.
    await db.channel.update({
      where: { id: sky.channel.id },
      data: { config: { ...(sky.channel.config as object), pdsUrl: getPdsUrl() } },
    });
    const second = spawnWorker();
    const result = await settledResult(post.id, second.output);
    const records = await sky.records();
    expect(records.map((r) => (r.value as { text: string }).text)).toEqual([content]);
    expect(records[0]?.uri).toBe(`at://${sky.did}/app.bsky.feed.post/${rkey}`);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: records[0]?.uri });
  });

  it("(b) the answer is lost after the PDS made the record: read back by its key, SUCCEEDED, one record", async () => {
    const sky = await blueskyChannel("drop-answer");
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: [sky.channel.id],
      content: `lost ${randomUUID()}`,
    });
    const worker = spawnWorker();
    await scheduleSoon(post.id);
    const result = await settledResult(post.id, worker.output);
    const records = await sky.records();
    expect(records).toHaveLength(1);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: records[0]?.uri });
    expect(result.url).toBe(`https://bsky.app/profile/${sky.handle}/post/${records[0]?.uri.split("/").pop()}`);
    expect(sky.relay.matched()).toBe(1);
  });

  it("(c) the request never reaches the PDS: the retry publishes it once, with the same record key", async () => {
    const sky = await blueskyChannel("drop-request");
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: [sky.channel.id],
      content: `drop ${randomUUID()}`,
    });
    const worker = spawnWorker();
    await scheduleSoon(post.id);
    const result = await settledResult(post.id, worker.output);
    const records = await sky.records();
    expect(records).toHaveLength(1);
    const rkey = (result.adapterState as { rkey: string }).rkey;
    expect(records[0]?.uri).toBe(`at://${sky.did}/app.bsky.feed.post/${rkey}`);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: records[0]?.uri, attempts: 2 });
    expect(sky.relay.matched()).toBe(2); // dropped, then sent again with the same key
  });
});

describe("Mastodon (GoToSocial) through the worker: never two statuses", () => {
  it("(a) worker SIGKILLed with the status request in flight, which then reaches the server: the next worker finds it", async () => {
    const m = await mastodonChannel("hold");
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: [m.channel.id],
      content: `crash ${randomUUID()}`,
    });
    await killWhileHeld(m.relay, post.id, true);
    expect(await m.statuses()).toHaveLength(1);

    const second = spawnWorker();
    const result = await settledResult(post.id, second.output);
    const statuses = await m.statuses();
    expect(statuses).toHaveLength(1);
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: statuses[0]?.id,
      url: statuses[0]?.url,
      attempts: 2,
    });
    expect(m.relay.matched()).toBe(1); // found by the lookup; not sent again
  });

  it("(a') worker SIGKILLed with the status request held, which never arrives: looked for, then posted once", async () => {
    const m = await mastodonChannel("hold");
    const content = `crash, lost request ${randomUUID()}`;
    const post = await createTestPost(db, { workspaceId, channelIds: [m.channel.id], content });
    await killWhileHeld(m.relay, post.id, false);
    expect(await m.statuses()).toHaveLength(0);
    const config = m.channel.config as Record<string, unknown>;
    await db.channel.update({
      where: { id: m.channel.id },
      data: { config: { ...config, serverUrl: process.env.MASTODON_TEST_URL } },
    });

    const second = spawnWorker();
    const result = await settledResult(post.id, second.output);
    const statuses = await m.statuses();
    expect(statuses).toHaveLength(1);
    expect(String(statuses[0]?.content)).toContain(content);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: statuses[0]?.id, url: statuses[0]?.url });
  });

  it("(b) the answer is lost after the server made the status: found among the recent statuses, SUCCEEDED, one", async () => {
    const m = await mastodonChannel("drop-answer");
    const post = await createTestPost(db, { workspaceId, channelIds: [m.channel.id], content: `lost ${randomUUID()}` });
    const worker = spawnWorker();
    await scheduleSoon(post.id);
    const result = await settledResult(post.id, worker.output);
    const statuses = await m.statuses();
    expect(statuses).toHaveLength(1);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: statuses[0]?.id, url: statuses[0]?.url });
    expect(m.relay.matched()).toBe(1);
  });

  it("(c) the request never reaches the server: not found, and GoToSocial drops no repeats → UNCONFIRMED, none sent", async () => {
    const m = await mastodonChannel("drop-request");
    const post = await createTestPost(db, { workspaceId, channelIds: [m.channel.id], content: `drop ${randomUUID()}` });
    const worker = spawnWorker();
    await scheduleSoon(post.id);
    const result = await settledResult(post.id, worker.output);
    expect(result.status).toBe("UNCONFIRMED");
    expect(result.errorMessage).toMatch(/does not honour Idempotency-Key/);
    expect(await m.statuses()).toHaveLength(0);
    expect(m.relay.matched()).toBe(1); // never sent a second time
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ status: "FAILED" });
  });
});

function getPdsUrl(): string {
  const url = process.env.BLUESKY_TEST_PDS_URL;
  if (!url) throw new Error("BLUESKY_TEST_PDS_URL is not set");
  return url;
}
