import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createMastodonAdapter } from "@/lib/publishing/networks/mastodon/adapter";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import {
  createMastodonPublisher,
  listMastodonStatuses,
  type MastodonPublisher,
  mastodonApi,
} from "@/tests/helpers/mastodon-publisher";
import { publishThroughCore } from "@/tests/helpers/publish-through-core";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeNoisePng, makePng, uploadMedia } from "@/tests/helpers/upload-media";

// A Mastodon channel published the way the worker does it (claim → publishPost → finishPublication), with media
// from the library (read from media storage by the adapter) going to the launcher's real GoToSocial.

const { db, createWorkspace } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  sql: true,
  cleanup: async ({ workspaceIds }) => {
    for (const id of workspaceIds)
      await rm(path.resolve(getEnv().MEDIA_LOCAL_DIR, id), { recursive: true, force: true });
  },
});
const adapter = createMastodonAdapter({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
let publisher: MastodonPublisher;
let workspaceId: string;
let token: string;

beforeAll(async () => {
  publisher = await createMastodonPublisher("core");
}, 120_000);

beforeEach(async () => {
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});

async function mastodonChannel(config: Record<string, unknown> = {}, accessToken = publisher.token) {
  return createTestChannel(db, {
    workspaceId,
    platform: "MASTODON",
    displayName: `@${publisher.acct}`,
    config: { serverUrl: publisher.serverUrl, accountId: publisher.accountId, acct: publisher.acct, ...config },
    credentials: { accessToken },
  });
}

async function publishThroughClaim(body: Record<string, unknown>) {
  return (await publishThroughCore({ token, workspaceId, body, adapter: adapter })).result;
}

type Status = { id: string; content: string; media_attachments: { description: string | null; type: string }[] };

describe("a Mastodon channel through the publishing core", () => {
  it("publishes the post's library images with their alt text; the result records the status", async () => {
    const channel = await mastodonChannel();
    const a = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "a.png");
    const b = await uploadMedia(token, await makePng(30, 90, "#00aa22"), "b.png");
    const content = `From the library ${randomBytes(6).toString("hex")}`;
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      media: [
        { id: a.id, altText: "A red band" },
        { id: b.id, altText: "A green column" },
      ],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result).toMatchObject({ status: "SUCCEEDED", errorMessage: null, attempts: 1 });
    const status = await mastodonApi<Status>(
      publisher.serverUrl,
      publisher.token,
      `/api/v1/statuses/${result.platformPostId}`,
    );
    expect(status.content).toContain(content);
    expect(status.media_attachments.map((m) => m.description)).toEqual(["A red band", "A green column"]);
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it("an image over the server's image cap goes as a JPEG copy that fits", async () => {
    const channel = await mastodonChannel({ limits: { maxImageBytes: 60_000 } });
    // Noise does not compress: the PNG is far over 60 kB.
    const noise = await makeNoisePng(400, 300);
    expect(noise.length).toBeGreaterThan(60_000);
    const item = await uploadMedia(token, noise, "noise.png");
    const result = await publishThroughClaim({
      content: `Noise ${randomBytes(6).toString("hex")}`,
      channelIds: [channel.id],
      media: [{ id: item.id, altText: "Static" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("SUCCEEDED");
    const variant = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: item.id, purpose: "mastodon-image" } },
    });
    expect(variant.mimeType).toBe("image/jpeg");
    expect(Number(variant.bytes)).toBeLessThanOrEqual(60_000);
  });

  it("a refused token fails the result with the reason, without retrying, and posts nothing", async () => {
    const channel = await mastodonChannel({}, "revoked-token");
    const before = (await listMastodonStatuses(publisher)).length;
    const result = await publishThroughClaim({
      content: "never",
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result).toMatchObject({ status: "FAILED", responseStatus: 401, attempts: 1 });
    expect(result.errorMessage).toMatch(/refused the access token/);
    expect((await listMastodonStatuses(publisher)).length).toBe(before);
  });

  it("a channel that was never connected fails asking to connect it", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "MASTODON" });
    const result = await publishThroughClaim({
      content: "x",
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("FAILED");
    expect(result.errorMessage).toMatch(/no connected account: connect it again/);
  });
});
