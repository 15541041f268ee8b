import { randomUUID } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";

// One publication to the launcher's real PDS through the real worker path (queue → claim → publishPost → the
// BLUESKY adapter of getPlatformAdapter, with the channel's encrypted session), counted on the PDS afterwards.

const { db, createWorkspace } = setupTestWorkspaces();
let pw: PublishWorker | undefined;
afterEach(async () => {
  await pw?.close();
  pw = undefined;
});

describe("Bluesky through the publish worker", () => {
  it("a scheduled post goes out once; its result holds the at:// URI and the bsky.app link", async () => {
    const { workspace } = await createWorkspace();
    const account = await createBlueskyAccount();
    const { config, credentials } = await connectBlueskyAccount({
      identifier: account.handle,
      appPassword: account.password,
      service: account.pdsUrl,
      plcUrl: getEnv().BLUESKY_PLC_URL,
      fetch: createGuardedFetch(),
    });
    const channel = await createTestChannel(db, {
      workspaceId: workspace.id,
      platform: "BLUESKY",
      displayName: `@${config.handle}`,
      config,
      credentials,
    });
    const text = `from the worker #cadence ${randomUUID().slice(0, 8)}`;
    const post = await createTestPost(db, { workspaceId: workspace.id, channelIds: [channel.id], content: text });
    pw = await startPublishWorker({ queueName: `test-${randomUUID()}` });
    await schedulePost({
      db,
      queue: pw.queue,
      workspaceId: workspace.id,
      postId: post.id,
      scheduledAt: new Date(Date.now() + 500).toISOString(),
      now: new Date(),
    });
    await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "PUBLISHED", {
      what: "the post to be PUBLISHED",
    });

    const results = await db.publicationResult.findMany({ where: { publication: { postId: post.id } } });
    expect(results).toHaveLength(1);
    const [result] = results;
    const rkey = result?.platformPostId?.split("/").pop();
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: `at://${config.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${config.handle}/post/${rkey}`,
    });
    const reader = new AtpAgent({ service: account.pdsUrl });
    const listed = await reader.com.atproto.repo.listRecords({ repo: config.did, collection: "app.bsky.feed.post" });
    expect(listed.data.records.map((r) => (r.value as { text: string }).text)).toEqual([text]);
  });
});
