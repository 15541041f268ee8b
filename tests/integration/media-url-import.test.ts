import { readdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import exifReader from "exif-reader";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import { getEnv } from "@/lib/env";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { type OutboundPolicy, parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createPost } from "@/lib/posts/create-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeGpsJpeg, makePng, uploadMedia } from "@/tests/helpers/upload-media";

// A small image cap, set before anything reads the settings (getEnv caches them).
process.env.MEDIA_MAX_IMAGE_BYTES = String(512 * 1024);

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({
  app,
  mediaFiles: true,
});

const PUBLIC_ONLY: OutboundPolicy = { allowCidrs: [] };
const LOOPBACK_ALLOWED: OutboundPolicy = { allowCidrs: parseAllowCidrs("127.0.0.1/32") };
let server: Server;
let base: string;
let jpeg: Buffer;
let big: Buffer;
const hits = new Map<string, number>();
const waiting: (() => void)[] = [];

beforeAll(async () => {
  jpeg = await makeGpsJpeg({ width: 320, height: 240 });
  // A real PNG of noise, over the 512 KiB image cap.
  const noise = Buffer.alloc(600 * 600 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  big = await sharp(noise, { raw: { width: 600, height: 600, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  server = createServer((req, res) => {
    const url = req.url ?? "/";
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url.startsWith("/photo.jpg")) res.writeHead(200, { "Content-Type": "image/jpeg" }).end(jpeg);
    else if (url.startsWith("/race.jpg")) {
      // Answers once two requests wait (or after 5 s): both saves have looked for the item and fetched it.
      waiting.push(() => res.writeHead(200, { "Content-Type": "image/jpeg" }).end(jpeg));
      const release = () => waiting.splice(0).forEach((send) => void send());
      if (waiting.length >= 2) release();
      else setTimeout(release, 5000).unref();
    } else if (url === "/page.html")
      res.writeHead(200, { "Content-Type": "image/jpeg" }).end("<!doctype html><html><body>hi</body></html>");
    else if (url === "/big.png") res.writeHead(200, { "Content-Type": "image/png" }).end(big);
    else if (url === "/slow") res.writeHead(200, { "Content-Type": "image/jpeg" }).write(jpeg.subarray(0, 100));
    else if (url === "/moved") res.writeHead(302, { Location: "http://127.0.0.2/other" }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let token: string;
let workspaceId: string;
let channelId: string;
beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
  channelId = (await createTestChannel(db, { workspaceId, platform: "BLUESKY" })).id;
});

const post = (body: unknown) => callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body });
const patch = (id: string, body: unknown) =>
  callRoute(postRoute.PATCH, { method: "PATCH", path: `/api/posts/${id}`, token, body, params: { id } });

async function readStored(key: string): Promise<Buffer> {
  const object = await getMediaStorage().get(key);
  if (!object) throw new Error(`no object ${key}`);
  const parts: Buffer[] = [];
  for await (const chunk of object.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function expectNothingWritten() {
  expect(await db.post.count({ where: { workspaceId } })).toBe(0);
  expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(0);
}

describe("mediaUrls are imported into the library when a post is saved", () => {
  it("imports a JPEG without its EXIF/GPS, attaches it after `media`, and counts it once in the rules", async () => {
    expect(exifReader((await sharp(jpeg).metadata()).exif as Buffer).GPSInfo?.GPSLatitude).toEqual([48, 51, 29.64]);
    const png = await uploadMedia(token, await makePng(), "first.png");
    const url = `${base}/photo.jpg`;
    const res = await post({ content: "hi", channelIds: [channelId], media: [{ id: png.id }], mediaUrls: [url] });
    expect(res.status).toBe(201);
    expect(res.json.media.map((m: { mimeType: string }) => m.mimeType)).toEqual(["image/png", "image/jpeg"]);
    expect(res.json.media[0].id).toBe(png.id);
    expect(res.json.mediaUrls).toEqual([url]);
    // Each item says where it came from, so a client can tell imported URLs from stored ones (the composer does).
    expect(res.json.media.map((m: { sourceUrl: string | null; name: string }) => [m.name, m.sourceUrl])).toEqual([
      ["first.png", null],
      ["photo.jpg", url],
    ]);
    // Two items for the rules, not three (the URL is not counted again as a stored URL).
    const stored = await db.post.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(stored.mediaUrls).toEqual([]);
    const item = await db.mediaItem.findUniqueOrThrow({ where: { id: res.json.media[1].id } });
    expect(item).toMatchObject({
      workspaceId,
      sourceUrl: url,
      mimeType: "image/jpeg",
      kind: "IMAGE",
      name: "photo.jpg",
    });
    const bytes = await readStored(item.storageKey);
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([320, 240]);
  });

  it("fetches the same URL once per workspace: a second post and a repeat reuse the item", async () => {
    const url = `${base}/photo.jpg?same`;
    const first = await post({ content: "a", channelIds: [channelId], mediaUrls: [url, url] });
    expect(first.status).toBe(201);
    expect(first.json.media).toHaveLength(1);
    const second = await post({ content: "b", channelIds: [channelId], mediaUrls: [url] });
    expect(second.status).toBe(201);
    expect(second.json.media[0].id).toBe(first.json.media[0].id);
    expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(1);
    expect(hits.get("/photo.jpg?same")).toBe(1);
  });

  it("two saves importing the same URL at once make one item: the second deletes what it stored", async () => {
    const url = `${base}/race.jpg`;
    const [a, b] = await Promise.all([
      post({ content: "a", channelIds: [channelId], mediaUrls: [url] }),
      post({ content: "b", channelIds: [channelId], mediaUrls: [url] }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(hits.get("/race.jpg")).toBe(2); // both fetched it: the database, not a look-up first, decided
    expect(a.json.media[0].id).toBe(b.json.media[0].id);
    const items = await db.mediaItem.findMany({ where: { workspaceId } });
    expect(items.map((i) => i.sourceUrl)).toEqual([url]);
    // Only the kept item's original and thumbnail remain stored (not the sidecar `.type` files).
    const dir = path.resolve(getEnv().MEDIA_LOCAL_DIR, workspaceId);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith("."))
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    const [item] = items;
    expect(files.map((f) => `${workspaceId}/${f}`)).toEqual([item?.storageKey, item?.thumbnailKey].sort());
  });

  it("refuses an HTML page with 422 naming mediaUrls.N, and cleans up the items imported before it", async () => {
    const res = await post({
      content: "x",
      channelIds: [channelId],
      mediaUrls: [`${base}/photo.jpg?clean`, `${base}/page.html`],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: "mediaUrls.1", message: expect.stringContaining("HTML") }]);
    await expectNothingWritten();
  });

  it("refuses an HTML page as the only URL (mediaUrls.0), nothing written", async () => {
    const res = await post({ content: "x", channelIds: [channelId], mediaUrls: [`${base}/page.html`] });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("mediaUrls.0");
    await expectNothingWritten();
  });

  it("does not follow a redirect (to 127.0.0.2)", async () => {
    const res = await post({ content: "x", channelIds: [channelId], mediaUrls: [`${base}/moved`] });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toEqual({
      path: "mediaUrls.0",
      message: expect.stringContaining("redirects to http://127.0.0.2/other"),
    });
    await expectNothingWritten();
  });

  it("refuses a body over the image cap (MEDIA_MAX_IMAGE_BYTES)", async () => {
    expect(big.length).toBeGreaterThan(512 * 1024);
    const res = await post({ content: "x", channelIds: [channelId], mediaUrls: [`${base}/big.png`] });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toEqual({
      path: "mediaUrls.0",
      message: expect.stringContaining("MEDIA_MAX_IMAGE_BYTES"),
    });
    await expectNothingWritten();
  });

  it("refuses an HTTP error and an unreachable port", async () => {
    const missing = await post({ content: "x", channelIds: [channelId], mediaUrls: [`${base}/missing.jpg`] });
    expect(missing.json.error.details[0]).toEqual({
      path: "mediaUrls.0",
      message: expect.stringContaining("HTTP 404"),
    });
    const closed = await post({ content: "x", channelIds: [channelId], mediaUrls: ["http://127.0.0.1:1/a.jpg"] });
    expect(closed.status).toBe(422);
    expect(closed.json.error.details[0].message).toContain("ECONNREFUSED");
    await expectNothingWritten();
  });

  it("refuses a private address without OUTBOUND_ALLOW_CIDRS (public-only policy)", async () => {
    for (const url of [`${base}/photo.jpg?private`, "http://10.0.0.5/a.jpg", "http://169.254.169.254/latest"]) {
      const err = await createPost({
        db,
        workspaceId,
        input: { content: "x", channelIds: [channelId], mediaUrls: [url], tags: [] },
        mediaImport: { fetch: { policy: PUBLIC_ONLY } },
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "unprocessable", details: [{ path: "mediaUrls.0" }] });
    }
    expect(hits.get("/photo.jpg?private")).toBeUndefined();
    await expectNothingWritten();
  });

  it("refuses a URL that stops sending before its timeout, nothing written", async () => {
    const err = await createPost({
      db,
      workspaceId,
      input: { content: "x", channelIds: [channelId], mediaUrls: [`${base}/slow`], tags: [] },
      mediaImport: { fetch: { policy: LOOPBACK_ALLOWED, timeoutMs: 300 } },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unprocessable", details: [{ path: "mediaUrls.0" }] });
    await expectNothingWritten();
  });

  it("a post refused after the import (schedule in the past) leaves no imported item behind", async () => {
    const res = await post({
      content: "x",
      channelIds: [channelId],
      mediaUrls: [`${base}/photo.jpg?past`],
      scheduledAt: "2001-01-01T09:00:00Z",
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(hits.get("/photo.jpg?past")).toBe(1);
    await expectNothingWritten();
  });

  it("PATCH imports mediaUrls after the kept items; a refused URL leaves the post as it was", async () => {
    const png = await uploadMedia(token, await makePng(), "kept.png");
    const created = await post({ content: "p", channelIds: [channelId], media: [{ id: png.id }] });
    const url = `${base}/photo.jpg?patch`;
    const res = await patch(created.json.id, { mediaUrls: [url] });
    expect(res.status).toBe(200);
    expect(res.json.media.map((m: { id: string }) => m.id)[0]).toBe(png.id);
    expect(res.json.media).toHaveLength(2);
    expect(res.json.mediaUrls).toEqual([url]);
    // Sending the answer's mediaUrls back changes nothing (reused, not attached twice).
    const again = await patch(created.json.id, { mediaUrls: res.json.mediaUrls });
    expect(again.json.media).toEqual(res.json.media);
    expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(2);
    const refused = await patch(created.json.id, { mediaUrls: [`${base}/photo.jpg?other`, `${base}/page.html`] });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details[0].path).toBe("mediaUrls.1");
    expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(2);
    expect((await db.postMedia.findMany({ where: { postId: created.json.id } })).length).toBe(2);
    // mediaUrls: [] removes the imported item from the post, keeps the uploaded one.
    const cleared = await patch(created.json.id, { mediaUrls: [] });
    expect(cleared.json.media.map((m: { id: string }) => m.id)).toEqual([png.id]);
    expect(cleared.json.mediaUrls).toEqual([]);
  });
});
