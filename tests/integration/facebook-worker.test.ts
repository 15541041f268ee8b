import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as postsRoute from "@/app/api/posts/route";
import { getSql } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import { createFacebookAdapter } from "@/lib/publishing/networks/facebook/adapter";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { type PublishJobHandle, processPublishJob } from "@/lib/publishing/process-publish-job";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { startMetaStub } from "@/tests/helpers/facebook-stub-setup";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeNoisePng, makePng, uploadMedia } from "@/tests/helpers/upload-media";
import { waitFor } from "@/tests/helpers/wait-for";
import type { MetaStubState } from "@/tests/stubs/meta";
import type { StubServer } from "@/tests/stubs/stub-server";

// A Facebook Page post through the publishing processor (claim → publish → settle, state checkpointed in PostgreSQL)
// against the Meta stub: a worker that dies between the photo uploads and the feed post is followed by one that
// resumes with the same photos.

// Signed media URLs need PUBLIC_URL (local storage); set before anything reads the settings.
process.env.PUBLIC_URL = "https://cadence.example.com/";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true, mediaFiles: true });
const PAGE = "1000000001";
const LEASE_MS = 30_000;
let stub: StubServer;
let state: MetaStubState;
let facebook: PlatformAdapter;
/** The same adapter with a 60 kB photo cap, so a test image can be "too large" without being 10 MB. */
let smallCap: PlatformAdapter;
let workspaceId: string;
let token: string;

beforeAll(async () => {
  const meta = await startMetaStub();
  state = meta.state;
  stub = meta.server;
  facebook = createFacebookAdapter({ fetch: meta.fetch, settings: meta.settings });
  smallCap = createFacebookAdapter({ fetch: meta.fetch, settings: meta.settings, maxPhotoBytes: 60_000 });
});
afterAll(() => stub.close());
beforeEach(async () => {
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
  state.posts.length = 0;
  state.photos.length = 0;
  stub.reset();
});

const env = { ...getEnv(), PUBLISH_LEASE_MS: LEASE_MS };
const jobFor = (postId: string, version: number, id: string): PublishJobHandle => ({
  id,
  data: { postId, workspaceId, version },
  attemptsMade: 0,
  opts: { attempts: 8 },
  moveToDelayed: async () => undefined,
});

async function duePost(media: { id: string; altText: string }[], content: string) {
  const channel = await createTestChannel(db, {
    workspaceId,
    platform: "FACEBOOK",
    displayName: "Cadence Bakery",
    config: { pageId: PAGE, accountId: PAGE },
    credentials: { accessToken: state.pageToken(PAGE, true), refreshToken: null, expiresAt: null, scope: null },
  });
  const created = await callRoute(postsRoute.POST, {
    method: "POST",
    path: "/api/posts",
    token,
    body: { content, channelIds: [channel.id], media, scheduledAt: "2099-01-01T10:00:00Z" },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  await db.post.update({ where: { id: created.json.id }, data: { scheduledAt: new Date(Date.now() - 1_000) } });
  return { postId: created.json.id as string, version: created.json.version as number };
}

describe("a Facebook Page post through the processor", () => {
  it("publishes two library photos with alt text; the result links to the post", async () => {
    const a = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "a.png");
    const b = await uploadMedia(token, await makePng(30, 90, "#00aa22"), "b.png");
    const { postId, version } = await duePost(
      [
        { id: a.id, altText: "A red band" },
        { id: b.id, altText: "A green column" },
      ],
      "Two photos through the processor",
    );
    const outcome = await processPublishJob({
      sql: getSql(),
      job: jobFor(postId, version, "fb-1"),
      adapterFor: (p) => (p === "FACEBOOK" ? facebook : getPlatformAdapter(p)),
      env,
    });
    expect(outcome).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    expect(state.photos.map((p) => [p.altText, p.url?.startsWith(`https://cadence.example.com/media/`)])).toEqual([
      ["A red band", true],
      ["A green column", true],
    ]);
    const result = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId } } });
    expect(result).toMatchObject({
      status: "SUCCEEDED",
      platformPostId: state.posts[0]?.id,
      url: state.posts[0]?.permalinkUrl,
    });
  });

  it("a worker that dies between the photo uploads and the feed post: the next one reuses the photos", async () => {
    const a = await uploadMedia(token, await makePng(40, 40, "#123456"), "a.png");
    const b = await uploadMedia(token, await makePng(40, 40, "#654321"), "b.png");
    const { postId, version } = await duePost(
      [
        { id: a.id, altText: "One" },
        { id: b.id, altText: "Two" },
      ],
      "Resumed by the next worker",
    );
    let release: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => {
      release = resolve;
    });
    let attempts = 0;
    // Worker A's attempt stops for good when it is about to send the feed post (its process died there).
    const dying: PlatformAdapter = {
      ...facebook,
      publish: (request) => {
        attempts += 1;
        if (attempts > 1) return facebook.publish(request);
        return facebook.publish({
          ...request,
          checkpoint: async (patch) => {
            if ("facebookSentAt" in patch) {
              await frozen;
              throw new Error("worker A is gone");
            }
            await request.checkpoint(patch);
          },
        });
      },
    };
    const adapterFor = (p: Parameters<typeof getPlatformAdapter>[0]) =>
      p === "FACEBOOK" ? dying : getPlatformAdapter(p);
    const workerA = processPublishJob({ sql: getSql(), job: jobFor(postId, version, "fb-a"), adapterFor, env });
    await waitFor(() => state.photos.length === 2 && attempts === 1, { what: "worker A's photo uploads" });
    const stored = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId } } });
    expect(stored.inFlightSince).not.toBeNull();
    expect((stored.adapterState as { facebookPhotos?: unknown[] }).facebookPhotos).toHaveLength(2);

    // Worker B takes the post over once A's lease has lapsed (its clock is past it).
    const later = () => new Date(Date.now() + LEASE_MS + 5_000);
    const workerB = await processPublishJob({
      sql: getSql(),
      job: jobFor(postId, version, "fb-b"),
      adapterFor,
      env,
      now: later,
    });
    expect(workerB).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    expect(state.photos).toHaveLength(2);
    expect(state.posts).toHaveLength(1);
    expect(state.posts[0]?.photoIds).toEqual(state.photos.map((p) => p.id));
    const result = await db.publicationResult.findFirstOrThrow({ where: { publication: { postId } } });
    expect(result).toMatchObject({ status: "SUCCEEDED", platformPostId: state.posts[0]?.id });

    release();
    expect(await workerA).toMatchObject({ outcome: "dropped" });
    expect(state.posts).toHaveLength(1);
  });

  it("a photo over the cap goes as a JPEG copy that fits, uploaded as the file", async () => {
    // Noise does not compress: the PNG is far over 60 kB.
    const noise = await makeNoisePng(400, 300);
    expect(noise.length).toBeGreaterThan(60_000);
    const item = await uploadMedia(token, noise, "noise.png");
    const { postId, version } = await duePost([{ id: item.id, altText: "Static" }], "Too large as it is");
    const outcome = await processPublishJob({
      sql: getSql(),
      job: jobFor(postId, version, "fb-big"),
      adapterFor: (p) => (p === "FACEBOOK" ? smallCap : getPlatformAdapter(p)),
      env,
    });
    expect(outcome).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    expect(state.photos).toHaveLength(1);
    const [sent] = state.photos;
    expect(sent).toMatchObject({ url: null, altText: "Static", source: { type: "image/jpeg" } });
    expect(sent?.source?.bytes).toBeLessThanOrEqual(60_000);
    const variant = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: item.id, purpose: "facebook-image" } },
    });
    expect(Number(variant.bytes)).toBe(sent?.source?.bytes);
    expect(state.posts[0]?.photoIds).toEqual([sent?.id]);
  });
});
