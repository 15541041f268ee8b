import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/prisma";
import { getThreadsChannelQuota } from "@/lib/publishing/networks/threads/get-channel-quota";
import { describeThreadsQuota } from "@/lib/publishing/networks/threads/publishing-quota";
import { createTestChannel, createTestWorkspace } from "@/tests/helpers/factories";
import { startThreadsStub } from "@/tests/helpers/threads-stub-setup";

// The publishing quota the Channels page can show for a THREADS channel, read from the stub with the channel's
// stored (encrypted) token, scoped to the workspace.

const db = getPrisma();
let stub: Awaited<ReturnType<typeof startThreadsStub>>;
const workspaces: string[] = [];

beforeAll(async () => {
  stub = await startThreadsStub();
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

describe("getThreadsChannelQuota", () => {
  it("reads usage and total (250 per 24 h) with the channel's token", async () => {
    const ids = await threadsChannel();
    stub.state.quotaUsage.set(stub.state.loginUserId, 12);
    const quota = await getThreadsChannelQuota({ db, ...ids, settings: stub.settings, fetch: stub.fetch });
    expect(quota).toEqual({ usage: 12, total: 250, durationSec: 86_400 });
    expect(describeThreadsQuota(quota)).toBe("12 of 250 posts in the last 24 hours");
  });

  it("another workspace's channel is 404; a channel without a token is 409; a refused token 503 with Meta's words", async () => {
    const ids = await threadsChannel();
    const other = await threadsChannel();
    const call = (x: { workspaceId: string; channelId: string }) =>
      getThreadsChannelQuota({ db, ...x, settings: stub.settings, fetch: stub.fetch }).catch((e: unknown) => e);

    const foreign = await call({ workspaceId: other.workspaceId, channelId: ids.channelId });
    expect(foreign).toBeInstanceOf(ApiError);
    expect((foreign as ApiError).status).toBe(404);

    const bare = await threadsChannel({});
    expect(((await call(bare)) as ApiError).status).toBe(409);

    const revoked = await threadsChannel({ accessToken: "THLLrevoked" });
    const err = (await call(revoked)) as ApiError;
    expect(err.status).toBe(503);
    expect(err.message).toContain("Invalid OAuth access token");
  });
});
