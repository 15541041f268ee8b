import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { createThreadsAdapter } from "@/lib/publishing/networks/threads/adapter";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { publishThroughCore } from "@/tests/helpers/publish-through-core";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { startThreadsStub } from "@/tests/helpers/threads-stub-setup";

// A THREADS channel published the way the worker does it (claim → publishPost → finishPublication) against the
// Threads stub: the result row records the thread, its permalink and the checkpointed container.

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true });
let stub: Awaited<ReturnType<typeof startThreadsStub>>;
let adapter: ReturnType<typeof createThreadsAdapter>;
let workspaceId: string;
let token: string;

beforeAll(async () => {
  stub = await startThreadsStub({ pollsUntilFinished: 1 });
  adapter = createThreadsAdapter({ settings: stub.settings, fetch: stub.fetch, pollIntervalsMs: [5, 5, 5] });
});
afterAll(() => stub.server.close());
beforeEach(async () => {
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});

async function threadsChannel(accessToken = stub.state.issueToken(stub.state.loginUserId)) {
  return createTestChannel(db, {
    workspaceId,
    platform: "THREADS",
    displayName: "@stub.threads",
    config: { userId: stub.state.loginUserId, username: "stub.threads" },
    credentials: { accessToken, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
}

async function publishThroughClaim(body: Record<string, unknown>) {
  return (await publishThroughCore({ token, workspaceId, body, adapter: adapter })).result;
}

describe("a Threads channel through the publishing core", () => {
  it("THREADS has a working adapter", () => {
    expect(getPlatformAdapter("THREADS").platform).toBe("THREADS");
    expect(getPlatformAdapter("THREADS").supportsIdempotencyKey).toBe(false);
  });

  it("publishes; the result has the media id, the permalink as its URL and the container it checkpointed", async () => {
    const channel = await threadsChannel();
    const content = `Through the core ${Date.now()}`;
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    const thread = [...stub.state.threads.values()].find((t) => t.text === content);
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: thread?.id,
      url: thread?.permalink,
      attempts: 1,
    });
    expect((result.adapterState as Record<string, unknown>).threadsContainer).toBe(thread?.containerId);
  });

  it("a token Threads refuses (code 190) fails the result and puts the channel in needs-reconnect", async () => {
    const channel = await threadsChannel("THLLrevoked");
    const result = await publishThroughClaim({
      content: "never",
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("FAILED");
    expect(result.errorMessage).toContain("Invalid OAuth access token");
    const after = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(after.needsReconnectAt).not.toBeNull();
  });
});
