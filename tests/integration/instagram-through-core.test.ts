import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { createTestChannel } from "@/tests/helpers/factories";
import { channelOf, instagramAccount, instagramAdapterFor } from "@/tests/helpers/instagram-publishing";
import { setupInstagramTestFile, startInstagramStub } from "@/tests/helpers/instagram-test-setup";
import { publishThroughCore } from "@/tests/helpers/publish-through-core";
import { makePng, uploadMedia } from "@/tests/helpers/upload-media";
import type { InstagramStubAccount, InstagramStubState } from "@/tests/stubs/instagram";
import type { StubServer } from "@/tests/stubs/stub-server";

// An Instagram channel made directly (factories) with what the Meta login stores, a post with a PNG made through the
// API, claimed and published by the publishing core: the result row gets the media id, the permalink and the
// checkpointed container ids; the stub fetched the JPEG copy from the app.

const { db, createWorkspace, mediaServer } = await setupInstagramTestFile();

let stub: StubServer;
let state: InstagramStubState;
let account: InstagramStubAccount;
let workspaceId: string;
let token: string;

beforeEach(async () => {
  account = instagramAccount();
  ({ state, server: stub } = await startInstagramStub([account]));
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});
afterEach(() => stub.close());

async function publishThroughClaim(body: Record<string, unknown>, adapter: PlatformAdapter) {
  return (await publishThroughCore({ token, workspaceId, body, adapter })).result;
}

describe("Instagram through the publishing core", () => {
  it("publishes a post with a PNG and alt text; the result links the permalink and keeps the container", async () => {
    const { config, credentials } = channelOf(account);
    const channel = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM", config, credentials });
    const png = await uploadMedia(token, await makePng(500, 400, "#884400"), "poster.png");
    const result = await publishThroughClaim(
      {
        content: "Poster day #print",
        channelIds: [channel.id],
        media: [{ id: png.id, altText: "A brown poster" }],
        scheduledAt: "2099-01-01T10:00:00Z",
      },
      instagramAdapterFor(stub.url),
    );
    const [media] = [...state.media.values()];
    expect(result.status).toBe("SUCCEEDED");
    expect(result.platformPostId).toBe(media?.id);
    expect(result.url).toBe(media?.permalink);
    expect(media).toMatchObject({ caption: "Poster day #print", altTexts: ["A brown poster"], mediaType: "IMAGE" });
    expect(result.adapterState).toMatchObject({ igContainer: media?.containerId, igPublishSentAt: expect.any(String) });
    expect(state.fetches).toEqual([expect.objectContaining({ status: 200, contentType: "image/jpeg" })]);
    expect(mediaServer.hits.some((p) => p === `/media/${png.id}/instagram-image`)).toBe(true);
  });

  it("a personal account fails the channel with 'account not eligible'", async () => {
    const personal = instagramAccount({ professional: false });
    state.accounts.push(personal);
    const { config, credentials } = channelOf(personal);
    const channel = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM", config, credentials });
    const png = await uploadMedia(token, await makePng(500, 400), "poster.png");
    const result = await publishThroughClaim(
      { content: "Nope", channelIds: [channel.id], media: [{ id: png.id }], scheduledAt: "2099-01-01T10:00:00Z" },
      instagramAdapterFor(stub.url),
    );
    expect(result.status).toBe("FAILED");
    expect(result.errorMessage).toMatch(/^account not eligible/);
    expect(state.containers.size).toBe(0);
  });
});
