import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createLinkedInAdapter } from "@/lib/publishing/networks/linkedin/adapter";
import { toLittleCommentary } from "@/lib/publishing/networks/linkedin/little-text";
import { createLinkedInOAuthNetwork } from "@/lib/publishing/networks/linkedin/oauth";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { publishThroughCore } from "@/tests/helpers/publish-through-core";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makePng, uploadMedia } from "@/tests/helpers/upload-media";
import { createLinkedInStub, LINKEDIN_STUB_CLIENT, type LinkedInStubState } from "@/tests/stubs/linkedin";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// A LinkedIn channel published the way the worker does it (claim → publishPost → finishPublication) against the
// LinkedIn stub: the result row records the post's URN and "View" link, a lost answer that cannot be confirmed
// becomes UNCONFIRMED without a second post, and a refused token marks the channel for reconnecting.

const ORG = "urn:li:organization:2414183";
const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true, mediaFiles: true });
const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
let stub: StubServer;
let state: LinkedInStubState;
let workspaceId: string;
let token: string;

const adapter = () =>
  createLinkedInAdapter({
    fetch,
    apiUrl: () => stub.url,
    network: createLinkedInOAuthNetwork({
      fetch,
      authUrl: () => stub.url,
      apiUrl: () => stub.url,
      app: () => ({ ...LINKEDIN_STUB_CLIENT }),
    }),
  });

beforeAll(async () => {
  const made = createLinkedInStub();
  state = made.state;
  stub = await startStubServer(made.routes);
});
afterAll(() => stub.close());
beforeEach(async () => {
  stub.reset();
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});

async function pageChannel(accessToken = state.issueToken()) {
  return createTestChannel(db, {
    workspaceId,
    platform: "LINKEDIN",
    displayName: "Devtestco",
    config: { authorUrn: ORG, kind: "organization", name: "Devtestco" },
    credentials: { accessToken, refreshToken: null, expiresAt: null, scope: null },
  });
}

async function publishThroughClaim(
  body: Record<string, unknown>,
  wrap: (a: PlatformAdapter) => PlatformAdapter = (a) => a,
) {
  return (await publishThroughCore({ token, workspaceId, body, adapter: wrap(adapter()) })).result;
}

const byText = (content: string) => state.posts.filter((p) => p.commentary === toLittleCommentary(content));

describe("a LinkedIn page channel through the publishing core", () => {
  it("publishes a library image with its alt text; the result holds the URN and the View link", async () => {
    const channel = await pageChannel();
    const image = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "a.png");
    const content = `From the library ${randomBytes(6).toString("hex")}`;
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      media: [{ id: image.id, altText: "A red band" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    const [post] = byText(content);
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: post?.id,
      url: `https://www.linkedin.com/feed/update/${post?.id}/`,
      responseStatus: 201,
      attempts: 1,
    });
    expect(post?.content).toEqual({
      media: { id: expect.stringMatching(/^urn:li:image:/), altText: "A red band" },
    });
  });

  it("a lost answer whose post is found is SUCCEEDED with that post; one post exists", async () => {
    const channel = await pageChannel();
    const content = `Found later ${randomBytes(6).toString("hex")}`;
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-answer" });
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(byText(content)).toHaveLength(1);
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: byText(content)[0]?.id });
  });

  it("a lost answer whose post is not found is UNCONFIRMED, and no second post is sent", async () => {
    const channel = await pageChannel();
    const content = `Maybe sent ${randomBytes(6).toString("hex")}`;
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-request" });
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result).toMatchObject({ status: "UNCONFIRMED", errorKind: "unknown_outcome" });
    expect(result.errorMessage).toMatch(/not among Devtestco's recent posts/);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
    expect(byText(content)).toHaveLength(0);
  });

  it("a lost answer is not taken for another Cadence post with the same text: UNCONFIRMED, the first keeps its post", async () => {
    const channel = await pageChannel();
    const content = `Said twice ${randomBytes(6).toString("hex")}`;
    const first = await publishThroughClaim({ content, channelIds: [channel.id], scheduledAt: "2099-01-01T10:00:00Z" });
    expect(first.status).toBe("SUCCEEDED");
    // The second's request never reaches LinkedIn; the lookup finds the first post (same text, within the skew).
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-request" });
    const second = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(second).toMatchObject({ status: "UNCONFIRMED", errorKind: "unknown_outcome", platformPostId: null });
    // The lookup skips posts other publications on the channel are (PublishRequest.claimedPostIds).
    expect(second.errorMessage).toMatch(/not among Devtestco's recent posts/);
    expect(byText(content).map((p) => p.id)).toEqual([first.platformPostId]);

    // And should an adapter's lookup not skip them, the core refuses a receipt naming another result's post.
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-request" });
    const blind = (a: PlatformAdapter): PlatformAdapter => ({
      ...a,
      publish: (request) => a.publish({ ...request, claimedPostIds: undefined }),
    });
    const third = await publishThroughClaim(
      { content, channelIds: [channel.id], scheduledAt: "2099-01-01T10:00:00Z" },
      blind,
    );
    expect(third).toMatchObject({ status: "UNCONFIRMED", errorKind: "unknown_outcome", platformPostId: null });
    expect(third.errorMessage).toContain(
      `the post found on LINKEDIN (${first.platformPostId}) is another Cadence post's`,
    );
    expect(byText(content).map((p) => p.id)).toEqual([first.platformPostId]);
  });

  it("a refused token fails the result and marks the channel for reconnecting", async () => {
    const channel = await pageChannel("revoked-token");
    const content = `never ${randomBytes(4).toString("hex")}`;
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result).toMatchObject({ status: "FAILED", responseStatus: 401, errorKind: "channel" });
    const after = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(after.needsReconnectReason).toMatch(/LinkedIn refused the access token/);
    // LinkedIn refused the one create request (401): nothing exists, and it was not retried.
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
    expect(byText(content)).toHaveLength(0);
  });
});
