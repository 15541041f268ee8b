import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { readChannelQuota } from "@/lib/channels/read-channel-quota";
import { getPrisma } from "@/lib/db/prisma";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { createThreadsAdapter } from "@/lib/publishing/networks/threads/adapter";
import { describeThreadsQuota } from "@/lib/publishing/networks/threads/publishing-quota";
import { createTestChannel, createTestWorkspace } from "@/tests/helpers/factories";
import { startThreadsStub } from "@/tests/helpers/threads-stub-setup";

// The publishing quota the Channels page shows for a THREADS channel (GET /api/channels/:id/quota →
// readChannelQuota → the adapter's quota()), read from the stub with the channel's stored (encrypted) token,
// scoped to the workspace.

const db = getPrisma();
let stub: Awaited<ReturnType<typeof startThreadsStub>>;
const workspaces: string[] = [];

let adapterFor: Parameters<typeof readChannelQuota>[0]["adapterFor"];

beforeAll(async () => {
  stub = await startThreadsStub();
  const threads = createThreadsAdapter({ settings: stub.settings, fetch: stub.fetch });
  adapterFor = (platform) => (platform === "THREADS" ? threads : getPlatformAdapter(platform));
});
afterAll(async () => {
  await stub.server.close();
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
});

async function threadsChannel(credentials?: Record<string, unknown>) {
  const { workspace } = await createTestWorkspace(db);
  workspaces.push(workspace.id);
  const userId = stub.state.loginUserId;
  const channel = await createTestChannel(db, {
    workspaceId: workspace.id,
    platform: "THREADS",
    config: { userId, username: "stub.threads" },
    credentials: credentials ?? { accessToken: stub.state.issueToken(userId), expiresAt: null },
  });
  return { workspaceId: workspace.id, channelId: channel.id };
}

describe("readChannelQuota on a THREADS channel", () => {
  it("reads usage and total (250 per 24 h) with the channel's token", async () => {
    const ids = await threadsChannel();
    stub.state.quotaUsage.set(stub.state.loginUserId, 12);
    const quota = await readChannelQuota({ db, ...ids, adapterFor });
    expect(quota).toEqual({ usage: 12, total: 250, durationSec: 86_400 });
    expect(describeThreadsQuota(quota)).toBe("12 of 250 posts in the last 24 hours");
  });

  it("another workspace's channel is 404; a channel without a token or with a revoked one is 409 with Meta's words; a SANDBOX channel 404", async () => {
    const ids = await threadsChannel();
    const other = await threadsChannel();
    const call = (x: { workspaceId: string; channelId: string }) =>
      readChannelQuota({ db, ...x, adapterFor }).catch((e: unknown) => e);

    const foreign = await call({ workspaceId: other.workspaceId, channelId: ids.channelId });
    expect(foreign).toBeInstanceOf(ApiError);
    expect((foreign as ApiError).status).toBe(404);

    const bare = await threadsChannel({});
    expect(((await call(bare)) as ApiError).status).toBe(409);

    const revoked = await threadsChannel({ accessToken: "THLLrevoked" });
    const err = (await call(revoked)) as ApiError;
    expect(err.status).toBe(409);
    expect(err.message).toContain("Invalid OAuth access token");

    const box = await createTestChannel(db, { workspaceId: ids.workspaceId, platform: "SANDBOX" });
    const none = (await call({ workspaceId: ids.workspaceId, channelId: box.id })) as ApiError;
    expect(none.status).toBe(404);
    expect(none.message).toContain("states no publishing quota");
  });
});
