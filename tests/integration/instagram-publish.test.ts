import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import {
  instagramAccount,
  instagramAdapterFor,
  instagramRequest,
  publishableMedia,
} from "@/tests/helpers/instagram-publishing";
import { setupInstagramTestFile, startInstagramStub } from "@/tests/helpers/instagram-test-setup";
import { makeGpsJpeg, makeMp4, makePng, uploadMedia } from "@/tests/helpers/upload-media";
import type { InstagramStubAccount, InstagramStubState } from "@/tests/stubs/instagram";
import type { StubServer } from "@/tests/stubs/stub-server";

// Publishing to Instagram (professional accounts, Graph API content publishing) through the INSTAGRAM adapter,
// against the Instagram stub, which fetches the signed media URLs from the app's own /media route as Instagram does.

const { db, createWorkspace } = await setupInstagramTestFile();

let stub: StubServer;
let state: InstagramStubState;
let account: InstagramStubAccount;
let workspaceId: string;
let token: string;

beforeEach(async () => {
  account = instagramAccount();
  ({ state, server: stub } = await startInstagramStub([account, instagramAccount({ professional: false })]));
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});
afterEach(() => stub.close());

async function jpeg(altText: string | null = null, size = { width: 640, height: 480 }) {
  const item = await uploadMedia(token, await makeGpsJpeg(size), "photo.jpg");
  return { ...item, altText };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a PublishError");
    },
    (e: unknown) => e as PublishError,
  );

describe("an image, a carousel, a reel", () => {
  it("publishes one JPEG with its alt text and caption; the receipt links the permalink", async () => {
    const photo = await jpeg("A red field at dusk");
    const media = await publishableMedia(db, [photo]);
    const { req, patches } = instagramRequest(account, { workspaceId, content: "Dusk #field", media });
    const receipt = await instagramAdapterFor(stub.url).publish(req);

    expect(state.media.size).toBe(1);
    const posted = [...state.media.values()][0];
    expect(receipt).toEqual({ platformPostId: posted?.id, url: posted?.permalink, httpStatus: 200 });
    expect(receipt.url).toMatch(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/);
    expect(posted).toMatchObject({ mediaType: "IMAGE", caption: "Dusk #field", altTexts: ["A red field at dusk"] });
    // Instagram fetched the signed URL of the original from the app: its exact bytes, as JPEG.
    expect(state.fetches).toEqual([{ url: media[0]?.url, status: 200, contentType: "image/jpeg", bytes: photo.bytes }]);
    // The quota was read before any container was made; the container id was checkpointed before media_publish.
    const order = stub.requests.map((r) => `${r.method} ${r.path.replace(/^\/v27\.0\/\d+/, "")}`);
    expect(order.indexOf("GET /content_publishing_limit")).toBeLessThan(order.indexOf("POST /media"));
    expect(patches.map((p) => Object.keys(p)[0])).toEqual(["igContainer", "igPublishSentAt"]);
    expect(patches[0]?.igContainer).toBe(posted?.containerId);
    // The token went as the access_token parameter, never in the path.
    expect(stub.received("POST", /\/media$/)[0]?.form?.get("access_token")).toBe(account.accessToken);
  });

  it("a PNG goes as its JPEG copy, served by the app at a signed URL of its own", async () => {
    const png = await uploadMedia(token, await makePng(300, 200, "#2255aa"), "chart.png");
    const media = await publishableMedia(db, [{ id: png.id, altText: "A blue chart" }]);
    const { req } = instagramRequest(account, { workspaceId, media });
    await instagramAdapterFor(stub.url).publish(req);

    expect(state.fetches).toHaveLength(1);
    expect(state.fetches[0]?.status).toBe(200);
    expect(state.fetches[0]?.contentType).toBe("image/jpeg");
    expect(state.fetches[0]?.url).toContain(`/media/${png.id}/instagram-image?exp=`);
    const copy = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: png.id, purpose: "instagram-image" } },
    });
    expect(Number(copy.bytes)).toBe(state.fetches[0]?.bytes);
    expect([...state.media.values()][0]?.altTexts).toEqual(["A blue chart"]);
    // The copy's URL is signed for that copy: altered, or naming a copy that does not exist, it serves nothing.
    const signed = state.fetches[0]?.url ?? "";
    expect((await fetch(signed.replace(/sig=([0-9a-f])/, (_, c) => `sig=${c === "0" ? "1" : "0"}`))).status).toBe(403);
    expect((await fetch(signed.replace("instagram-image", "other-copy"))).status).toBe(403);
    expect((await fetch(signed)).status).toBe(200);
  });

  it("publishes a carousel of 3 (two images and a video): children first, then the carousel with the caption", async () => {
    const a = await jpeg("First");
    const b = await jpeg(null, { width: 500, height: 500 });
    const clip = await uploadMedia(token, makeMp4(3), "clip.mp4");
    const media = await publishableMedia(db, [a, b, { id: clip.id, altText: "ignored for video" }]);
    const { req, state: saved } = instagramRequest(account, { workspaceId, content: "Three in one", media });
    const receipt = await instagramAdapterFor(stub.url).publish(req);

    const containers = [...state.containers.values()];
    expect(containers.map((c) => [c.kind, c.isCarouselItem, c.caption])).toEqual([
      ["IMAGE", true, ""],
      ["IMAGE", true, ""],
      ["VIDEO", true, ""],
      ["CAROUSEL", false, "Three in one"],
    ]);
    expect(containers[3]?.children).toEqual(containers.slice(0, 3).map((c) => c.id));
    const posted = state.media.get(receipt.platformPostId);
    expect(posted).toMatchObject({
      mediaType: "CAROUSEL_ALBUM",
      caption: "Three in one",
      altTexts: ["First", null, null],
    });
    expect(state.fetches.map((f) => f.contentType)).toEqual(["image/jpeg", "image/jpeg", "video/mp4"]);
    expect(saved.igChildren).toEqual(media.map((m, i) => ({ itemId: m.id, containerId: containers[i]?.id })));
    expect(saved.igContainer).toBe(containers[3]?.id);
  });

  it("publishes one video as a reel shared to the feed; its link is the reel's", async () => {
    const clip = await uploadMedia(token, makeMp4(3), "reel.mp4");
    const media = await publishableMedia(db, [{ id: clip.id }]);
    const { req } = instagramRequest(account, { workspaceId, content: "Reel time", media });
    const receipt = await instagramAdapterFor(stub.url).publish(req);

    const [container] = [...state.containers.values()];
    expect(container).toMatchObject({ kind: "REELS", shareToFeed: true, caption: "Reel time", altText: null });
    expect(state.media.get(receipt.platformPostId)).toMatchObject({ mediaType: "VIDEO", mediaProductType: "REELS" });
    expect(receipt.url).toMatch(/^https:\/\/www\.instagram\.com\/reel\//);
    expect(state.fetches[0]).toMatchObject({ status: 200, contentType: "video/mp4", bytes: clip.bytes });
  });

  it("waits while a container is IN_PROGRESS and publishes once it is FINISHED", async () => {
    state.pollsUntilFinished = 4;
    const media = await publishableMedia(db, [await jpeg()]);
    await instagramAdapterFor(stub.url).publish(instagramRequest(account, { workspaceId, media }).req);
    const [container] = [...state.containers.values()];
    expect(stub.received("GET", new RegExp(`/${container?.id}$`)).length).toBe(4);
    expect(state.media.size).toBe(1);
  });
});

describe("containers Instagram refuses or lets expire", () => {
  it("ERROR: permanent with Instagram's status text; nothing published", async () => {
    state.nextContainerOutcomes.push("ERROR");
    const media = await publishableMedia(db, [await jpeg()]);
    const error = await failure(
      instagramAdapterFor(stub.url).publish(instagramRequest(account, { workspaceId, media }).req),
    );
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(
      /Instagram could not process media 1 \(photo\.jpg\): Error: The media could not be processed/,
    );
    expect(state.media.size).toBe(0);
  });

  it("EXPIRED: the post's containers are made anew once and published; expired twice is transient", async () => {
    state.nextContainerOutcomes.push("EXPIRED");
    const media = await publishableMedia(db, [await jpeg()]);
    const { req } = instagramRequest(account, { workspaceId, media });
    await instagramAdapterFor(stub.url).publish(req);
    expect([...state.containers.values()].map((c) => c.statusCode)).toEqual(["EXPIRED", "PUBLISHED"]);
    expect(state.media.size).toBe(1);

    state.nextContainerOutcomes.push("EXPIRED", "EXPIRED");
    const again = await failure(
      instagramAdapterFor(stub.url).publish(instagramRequest(account, { workspaceId, media }).req),
    );
    expect(again.kind).toBe("transient");
    expect(again.message).toMatch(/expired container \d+ again/);
    expect(state.media.size).toBe(1);
  });

  it("a video Instagram cannot fetch ends in ERROR naming the download", async () => {
    const clip = await uploadMedia(token, makeMp4(3), "reel.mp4");
    const [item] = await publishableMedia(db, [{ id: clip.id }]);
    const broken = { ...(item as PublishableMedia), url: (item?.url ?? "").replace(/sig=[0-9a-f]/, "sig=z") };
    const error = await failure(
      instagramAdapterFor(stub.url).publish(instagramRequest(account, { workspaceId, media: [broken] }).req),
    );
    expect(state.fetches[0]?.status).toBe(403);
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/Media download has failed/);
  });

  it("an image Instagram cannot fetch is refused with Meta's 9004/2207052 and its message", async () => {
    const [item] = await publishableMedia(db, [await jpeg()]);
    const broken = { ...(item as PublishableMedia), url: (item?.url ?? "").replace(/exp=\d+/, "exp=1") };
    const error = await failure(
      instagramAdapterFor(stub.url).publish(instagramRequest(account, { workspaceId, media: [broken] }).req),
    );
    expect(error.kind).toBe("permanent");
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(/Instagram refused the media .*#9004\/2207052.*could not be fetched/);
    expect(state.containers.size).toBe(0);
  });
});
