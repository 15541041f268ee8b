import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import {
  createMastodonPublisher,
  listMastodonStatuses,
  type MastodonPublisher,
  mastodonApi,
} from "@/tests/helpers/mastodon-publisher";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";
import { spawnWorkerProcess } from "@/tests/helpers/worker-process";

// A Mastodon channel whose token the server no longer accepts, published through the REAL worker process: the
// result fails with the server's reason, the channel shows "needs reconnect" with it, and scheduling to it is a 422.

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
let token: string;
let workspaceId: string;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const schedule = (postId: string, at: Date) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id: postId },
    body: { scheduledAt: at.toISOString() },
  });

/** Revokes the account's token on the server (GoToSocial's token list: GET /api/v1/tokens, then invalidate). */
async function revokeToken(p: MastodonPublisher) {
  const tokens = await mastodonApi<{ id: string }[]>(p.serverUrl, p.token, "/api/v1/tokens");
  for (const t of tokens) await mastodonApi(p.serverUrl, p.token, `/api/v1/tokens/${t.id}/invalidate`, { body: {} });
}

describe("a revoked Mastodon token through the worker", () => {
  it("fails the result, puts the channel in needs_reconnect with the reason, and the next schedule is a 422", async () => {
    const publisher = await createMastodonPublisher("revoked");
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "MASTODON",
      displayName: `@${publisher.acct}`,
      config: { serverUrl: publisher.serverUrl, accountId: publisher.accountId, acct: publisher.acct },
      credentials: { accessToken: publisher.token },
    });
    await revokeToken(publisher);
    const refused = await fetch(new URL("/api/v1/accounts/verify_credentials", publisher.serverUrl), {
      headers: { authorization: `Bearer ${publisher.token}` },
    });
    expect(refused.status).toBe(401);

    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: `never ${randomUUID()}` });
    const worker = spawnWorkerProcess({
      PUBLISH_QUEUE_NAME: process.env.PUBLISH_QUEUE_NAME ?? "",
      SWEEP_EVERY_MS: "1000",
      PUBLISH_BACKOFF_MS: "200",
    });
    stops.push(() => worker.stop());
    expect((await schedule(post.id, new Date(Date.now() + 1_500))).status).toBe(200);
    await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "FAILED", {
      what: "the post to fail",
      timeoutMs: 45_000,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- worker output ---\n${worker.output().slice(-4000)}`);
    });

    const result = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId: post.id } } });
    expect(result).toMatchObject({ status: "FAILED", responseStatus: 401, errorKind: "channel", attempts: 1 });
    expect(result.errorMessage).toMatch(/refused the access token/);

    const shown = await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: channel.id } });
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      state: "needs_reconnect",
      stateReason: result.errorMessage,
      canPublish: false,
      cannotPublishReason: `@${publisher.acct} needs reconnecting: ${result.errorMessage}`,
    });

    const next = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "next" });
    const refusedSchedule = await schedule(next.id, new Date(Date.now() + 3_600_000));
    expect(refusedSchedule.status).toBe(422);
    expect(refusedSchedule.json.error.details).toEqual([
      expect.objectContaining({
        channelId: channel.id,
        message: `@${publisher.acct} needs reconnecting: ${result.errorMessage}`,
      }),
    ]);
    expect(await db.post.findUniqueOrThrow({ where: { id: next.id } })).toMatchObject({ status: "DRAFT" });
    // Nothing reached the account: the new token (the person's own sign-in) sees no status.
    const fresh = await createMastodonPublisher("witness");
    expect(await listMastodonStatuses({ ...publisher, token: fresh.token })).toEqual([]);
  });
});
