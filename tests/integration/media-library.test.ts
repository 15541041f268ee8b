import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import exifReader from "exif-reader";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as fileRoute from "@/app/api/media/[id]/[variant]/route";
import * as itemRoute from "@/app/api/media/[id]/route";
import * as mediaRoute from "@/app/api/media/route";
import * as signedFileRoute from "@/app/media/[id]/[variant]/route";
import { getEnv } from "@/lib/env";
import { createPublicMediaUrl } from "@/lib/media/create-public-media-url";
import { deleteOrphanMedia } from "@/lib/media/delete-orphan-media";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeGpsJpeg } from "@/tests/helpers/upload-media";
import { waitFor } from "@/tests/helpers/wait-for";
import { spawnWorkerProcess } from "@/tests/helpers/worker-process";
import { MEDIA_CLEANUP_SCHEDULER_ID } from "@/worker/processors/media-cleanup";

// Limits small enough to test without huge files, set before anything reads the settings (getEnv caches them).
process.env.MEDIA_MAX_IMAGE_BYTES = String(2 * 1024 * 1024);
process.env.MEDIA_MAX_VIDEO_BYTES = String(400 * 1024 * 1024);
process.env.PUBLIC_URL = "https://cadence.example.com/";

const app = isolateAppSingletons();
// Deleting a workspace removes its rows (cascade), not its stored files: remove each test workspace's folder too.
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app,
  mediaFiles: true,
});
let token: string;
let workspaceId: string;
let work: string;
let tempsBefore: Set<string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "media-test-"));
  tempsBefore = new Set(readdirSync(tmpdir()));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

/** POSTs raw bytes (a Buffer, or a stream sent chunk by chunk) to /api/media the way a browser or curl does. */
async function upload(
  body: Buffer | Readable,
  {
    name,
    contentType = "application/octet-stream",
    auth = token,
    headers = {},
  }: {
    name?: string;
    contentType?: string;
    auth?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const h = new Headers({ "content-type": contentType, ...headers });
  if (auth) h.set("authorization", `Bearer ${auth}`);
  if (Buffer.isBuffer(body) && !h.has("content-length")) h.set("content-length", String(body.length));
  const url = `http://localhost/api/media${name === undefined ? "" : `?name=${encodeURIComponent(name)}`}`;
  const req = new NextRequest(url, {
    method: "POST",
    headers: h,
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : (Readable.toWeb(body) as ReadableStream<Uint8Array>),
    duplex: "half",
  } as never);
  const res = await mediaRoute.POST(req, { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function readStored(key: string): Promise<Buffer> {
  const object = await getMediaStorage().get(key);
  if (!object) throw new Error(`no object ${key}`);
  const parts: Buffer[] = [];
  for await (const chunk of object.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Every object stored for the workspace (local-disk backend: one folder per workspace; dot files are its type sidecars). */
function storedFiles(ws = workspaceId): string[] {
  const dir = path.resolve(getEnv().MEDIA_LOCAL_DIR, ws);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => e.name);
}

/** Upload temp folders left behind by this file's uploads (none may stay). */
const leftoverTemps = () => readdirSync(tmpdir()).filter((n) => n.startsWith("cadence-media-") && !tempsBefore.has(n));

async function expectNothingStored() {
  expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(0);
  expect(storedFiles()).toEqual([]);
  expect(leftoverTemps()).toEqual([]);
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A phone-like JPEG: 640×480 pixels stored sideways (EXIF Orientation 6), with a camera make and a GPS position. */
const phoneJpeg = () => makeGpsJpeg({ orientation: 6 });

/** A real H.264 MP4 from ffmpeg's test pattern (moov first, so it can be followed by padding). */
function makeMp4(file: string, seconds = 2) {
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=320x240:rate=25`],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", file],
  ]);
  return readFileSync(file);
}

describe("POST /api/media: images", () => {
  it("stores a phone JPEG upright with no EXIF or GPS left, and a 400 px WebP thumbnail", async () => {
    const jpeg = await phoneJpeg();
    const before = exifReader((await sharp(jpeg).metadata()).exif as Buffer);
    expect(before.GPSInfo?.GPSLatitude).toEqual([48, 51, 29.64]); // the input really carries a position
    const res = await upload(jpeg, { name: "IMG_0001.jpg", contentType: "image/jpeg" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      kind: "IMAGE",
      name: "IMG_0001.jpg",
      mimeType: "image/jpeg",
      width: 480,
      height: 640,
      durationMs: null,
      usedBy: [],
      url: `/api/media/${res.json.id}/original`,
      thumbnailUrl: `/api/media/${res.json.id}/thumbnail`,
    });
    const row = await db.mediaItem.findUniqueOrThrow({ where: { id: res.json.id } });
    const stored = await readStored(row.storageKey);
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([480, 640]);
    expect(stored.includes(Buffer.from("TestPhone"))).toBe(false);
    expect(Number(row.bytes)).toBe(stored.length);
    expect(res.json.bytes).toBe(stored.length);
    expect(row.sha256).toBe(sha256(stored));
    const thumb = await sharp(await readStored(row.thumbnailKey as string)).metadata();
    expect([thumb.format, thumb.width, thumb.height, thumb.exif]).toEqual(["webp", 300, 400, undefined]);
    expect(leftoverTemps()).toEqual([]);
  });

  it("keeps PNG, WebP and GIF in their format (GIF as kind GIF, animation kept), each with a thumbnail", async () => {
    const base = () => sharp({ create: { width: 900, height: 300, channels: 4, background: "#3366ff" } });
    const frames = await Promise.all(
      ["#ff0000", "#00ff00"].map((c) =>
        sharp({ create: { width: 120, height: 80, channels: 4, background: c } })
          .png()
          .toBuffer(),
      ),
    );
    const animatedGif = await sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 100] })
      .toBuffer();
    const cases = [
      { body: await base().png().toBuffer(), mime: "image/png", kind: "IMAGE", size: [900, 300], thumb: [400, 133] },
      { body: await base().webp().toBuffer(), mime: "image/webp", kind: "IMAGE", size: [900, 300], thumb: [400, 133] },
      { body: animatedGif, mime: "image/gif", kind: "GIF", size: [120, 80], thumb: [120, 80] },
    ];
    for (const c of cases) {
      // Named .jpg on purpose: the type comes from the bytes.
      const res = await upload(c.body, { name: "picture.jpg" });
      expect(res.status, c.mime).toBe(201);
      expect(res.json, c.mime).toMatchObject({ kind: c.kind, mimeType: c.mime, width: c.size[0], height: c.size[1] });
      const row = await db.mediaItem.findUniqueOrThrow({ where: { id: res.json.id } });
      const stored = await sharp(await readStored(row.storageKey), { animated: true }).metadata();
      expect(`image/${stored.format}`).toBe(c.mime);
      if (c.kind === "GIF") expect(stored.pages).toBe(2);
      const thumb = await sharp(await readStored(row.thumbnailKey as string)).metadata();
      expect([thumb.format, thumb.width, thumb.height], c.mime).toEqual(["webp", ...c.thumb]);
    }
  });

  it("refuses HTML renamed .jpg, SVG, XML and PDF by their content (415 naming it), storing nothing", async () => {
    const cases = [
      { body: "<!doctype html><html><script>alert(document.cookie)</script></html>", says: "markup" },
      { body: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', says: "markup" },
      { body: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', says: "application/xml" },
      { body: "\uFEFF  <html><body>hi</body></html>", says: "markup" },
      { body: "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", says: "application/pdf" },
      { body: "just some text that is no image", says: "not a recognised image or video" },
    ];
    for (const c of cases) {
      const res = await upload(Buffer.from(c.body), { name: "photo.jpg", contentType: "image/jpeg" });
      expect(res.status, c.body).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
      expect(res.json.error.message).toContain(c.says);
    }
    await expectNothingStored();
  });

  it("refuses an image over MEDIA_MAX_IMAGE_BYTES (413), announced or not, and an empty body (400)", async () => {
    const tooBig = Buffer.concat([await phoneJpeg(), Buffer.alloc(2 * 1024 * 1024 + 1, 7)]);
    const announced = await upload(tooBig, { name: "big.jpg" });
    expect(announced.status).toBe(413);
    expect(announced.json.error.message).toContain("MEDIA_MAX_IMAGE_BYTES");
    expect(announced.json.error.details).toEqual({ maxBytes: 2 * 1024 * 1024 });
    // Streamed without Content-Length: refused while reading.
    const streamed = await upload(Readable.from([tooBig.subarray(0, 100_000), tooBig.subarray(100_000)]), {
      name: "big.jpg",
    });
    expect(streamed.status).toBe(413);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    await expectNothingStored();
  });

  it("refuses a small PNG that claims a huge canvas (decompression bomb, 422) before decoding it", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000000" } })
      .png()
      .toBuffer();
    // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4) …, its CRC over type and data after 13 bytes.
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(12_000, 16);
    bomb.writeUInt32BE(12_000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    const res = await upload(bomb, { name: "small.png" });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain("12000×12000");
    await expectNothingStored();
  });

  it("refuses a JPEG that does not decode (422), storing nothing", async () => {
    const jpeg = await phoneJpeg();
    const truncated = Buffer.concat([jpeg.subarray(0, 400), Buffer.alloc(2000, 0x41)]);
    const res = await upload(truncated, { name: "broken.jpg" });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("unprocessable");
    await expectNothingStored();
  });

  it("keeps auth, workspace and input checks: no caller 401, NUL in the name 400, cookie write without Origin 403", async () => {
    const jpeg = await phoneJpeg();
    expect((await upload(jpeg, { auth: null })).status).toBe(401);
    const nul = await upload(jpeg, { name: "a\u0000b.jpg" });
    expect(nul.status).toBe(400);
    const user = await createUser({ workspaceIds: [workspaceId] });
    const signIn = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: { email: user.email, password: user.password },
      headers: { origin: "http://localhost", host: "localhost" },
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const crossSite = await upload(jpeg, { auth: null, headers: { cookie, host: "localhost" } });
    expect(crossSite.status).toBe(403);
    await expectNothingStored();
    const sameSite = await upload(jpeg, {
      auth: null,
      name: "x.jpg",
      headers: { cookie, host: "localhost", origin: "http://localhost" },
    });
    expect(sameSite.status).toBe(201);
    const header = await upload(jpeg, { headers: { "x-file-name": encodeURIComponent("Été à Paris.jpg") } });
    expect(header.json.name).toBe("Été à Paris.jpg");
  });
});

describe("POST /api/media: videos", () => {
  it("probes an MP4 (duration, codec, size) and stores it unchanged with a poster thumbnail", async () => {
    const mp4 = makeMp4(path.join(work, "clip.mp4"));
    const res = await upload(mp4, { name: "clip.mp4", contentType: "video/mp4" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      kind: "VIDEO",
      mimeType: "video/mp4",
      videoCodec: "h264",
      width: 320,
      height: 240,
    });
    expect(res.json.durationMs).toBeGreaterThanOrEqual(1900);
    expect(res.json.durationMs).toBeLessThanOrEqual(2100);
    const row = await db.mediaItem.findUniqueOrThrow({ where: { id: res.json.id } });
    const stored = await readStored(row.storageKey);
    expect(sha256(stored)).toBe(sha256(mp4));
    expect(row.sha256).toBe(sha256(mp4));
    const poster = await sharp(await readStored(row.thumbnailKey as string)).metadata();
    expect([poster.format, poster.width, poster.height]).toEqual(["webp", 320, 240]);
  });

  it("accepts MOV (QuickTime) and WebM (VP8) too, by their content", async () => {
    const cases = [
      {
        ext: "mov",
        args: ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mov"],
        mime: "video/quicktime",
        codec: "h264",
      },
      { ext: "webm", args: ["-c:v", "libvpx", "-b:v", "200k"], mime: "video/webm", codec: "vp8" },
    ];
    for (const c of cases) {
      const file = path.join(work, `clip.${c.ext}`);
      execFileSync("ffmpeg", [
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=1:size=320x240:rate=25",
        ...c.args,
        file,
      ]);
      const res = await upload(readFileSync(file), { name: "clip.bin" });
      expect(res.status, c.ext).toBe(201);
      expect(res.json, c.ext).toMatchObject({
        kind: "VIDEO",
        mimeType: c.mime,
        videoCodec: c.codec,
        width: 320,
        height: 240,
      });
    }
  });

  it("refuses a file that only starts like an MP4 (422), storing nothing", async () => {
    const mp4 = makeMp4(path.join(work, "short.mp4"), 1);
    const fake = Buffer.concat([mp4.subarray(0, 64), Buffer.alloc(50_000, 1)]);
    const res = await upload(fake, { name: "fake.mp4" });
    expect(res.status).toBe(422);
    await expectNothingStored();
  });

  it("refuses an announced body over MEDIA_MAX_VIDEO_BYTES before reading it (413)", async () => {
    const mp4 = makeMp4(path.join(work, "short.mp4"), 1);
    const res = await upload(Readable.from([mp4]), { headers: { "content-length": String(401 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    await expectNothingStored();
  });

  it("streams a 300 MB video through the route with bounded memory (RSS growth far below the file size)", async () => {
    const mp4 = makeMp4(path.join(work, "big-head.mp4"), 1);
    const padding = 300 * 1024 * 1024;
    const header = Buffer.alloc(8);
    header.writeUInt32BE(padding + 8, 0);
    header.write("free", 4, "latin1");
    const chunk = Buffer.alloc(64 * 1024);
    async function* body() {
      yield mp4;
      yield header;
      for (let sent = 0; sent < padding; sent += chunk.length)
        yield chunk.subarray(0, Math.min(chunk.length, padding - sent));
    }
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const res = await upload(Readable.from(body(), { objectMode: false }), { name: "big.mp4" });
      expect(res.status).toBe(201);
      expect(res.json.bytes).toBe(mp4.length + 8 + padding);
      peak = Math.max(peak, process.memoryUsage().rss);
      const growthMb = (peak - baseline) / 1024 / 1024;
      process.stdout.write(`media upload 300 MB: RSS growth ${growthMb.toFixed(1)} MB\n`);
      // Buffering the body anywhere would cost at least its 300 MB; the streamed path measured ~60 MB here.
      expect(growthMb).toBeLessThan(150);
      const row = await db.mediaItem.findUniqueOrThrow({ where: { id: res.json.id } });
      expect(statSync(path.resolve(getEnv().MEDIA_LOCAL_DIR, row.storageKey)).size).toBe(res.json.bytes);
      expect(
        (await callRoute(itemRoute.DELETE, { method: "DELETE", path: "/api/media/id", token, params: { id: row.id } }))
          .status,
      ).toBe(204);
    } finally {
      clearInterval(sampler);
    }
  });
});

describe("library API", () => {
  async function uploadPng(name: string, color = "#112233") {
    const png = await sharp({ create: { width: 50, height: 40, channels: 3, background: color } })
      .png()
      .toBuffer();
    const res = await upload(png, { name });
    expect(res.status).toBe(201);
    return res.json as { id: string };
  }

  it("lists newest first with search, kind filter, cursor pages and the posts using each item", async () => {
    const a = await uploadPng("Beach sunset.png");
    const b = await uploadPng("team photo.png");
    const c = await uploadPng("SUNSET over hills.png");
    const mp4 = makeMp4(path.join(work, "list.mp4"), 1);
    const v = (await upload(mp4, { name: "sunset clip.mp4" })).json as { id: string };
    const channel = await createTestChannel(db, { workspaceId });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await db.postMedia.create({ data: { postId: post.id, mediaId: b.id, position: 0, altText: "The team" } });
    const list = (query: string) => callRoute(mediaRoute.GET, { path: `/api/media${query}`, token });
    const all = await list("");
    expect(all.json.items.map((i: { id: string }) => i.id)).toEqual([v.id, c.id, b.id, a.id]);
    expect(all.json.items.find((i: { id: string }) => i.id === b.id).usedBy).toEqual([post.id]);
    const sunset = await list("?q=sunset");
    expect(sunset.json.items.map((i: { id: string }) => i.id)).toEqual([v.id, c.id, a.id]);
    const images = await list("?q=sunset&kind=image");
    expect(images.json.items.map((i: { id: string }) => i.id)).toEqual([c.id, a.id]);
    const videos = await list("?kind=video");
    expect(videos.json.items.map((i: { id: string }) => i.id)).toEqual([v.id]);
    const page1 = await list("?limit=3");
    expect(page1.json.items).toHaveLength(3);
    const page2 = await list(`?limit=3&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect(page2.json.nextCursor).toBeNull();
    expect((await list("?cursor=bm9wZQ")).status).toBe(400);
    expect((await list("?kind=pdf")).status).toBe(400);
  });

  it("gets, renames and deletes; another workspace's item is 404 everywhere", async () => {
    const item = await uploadPng("old name.png");
    const params = { id: item.id };
    const got = await callRoute(itemRoute.GET, { path: "/api/media/id", token, params });
    expect(got.json).toMatchObject({ id: item.id, name: "old name.png", width: 50, height: 40 });
    const renamed = await callRoute(itemRoute.PATCH, {
      method: "PATCH",
      path: "/api/media/id",
      token,
      params,
      body: { name: "new.png" },
    });
    expect([renamed.status, renamed.json.name]).toEqual([200, "new.png"]);
    const empty = await callRoute(itemRoute.PATCH, {
      method: "PATCH",
      path: "/api/media/id",
      token,
      params,
      body: { name: "  " },
    });
    expect(empty.status).toBe(400);

    const other = await createWorkspace();
    const as = { token: other.token, params };
    expect((await callRoute(itemRoute.GET, { path: "/api/media/id", ...as })).status).toBe(404);
    expect(
      (await callRoute(itemRoute.PATCH, { method: "PATCH", path: "/api/media/id", ...as, body: { name: "x" } })).status,
    ).toBe(404);
    expect((await callRoute(itemRoute.DELETE, { method: "DELETE", path: "/api/media/id", ...as })).status).toBe(404);
    for (const variant of ["original", "thumbnail"])
      expect(
        (
          await callRoute(fileRoute.GET, {
            path: "/api/media/id/variant",
            token: other.token,
            params: { ...params, variant },
          })
        ).status,
      ).toBe(404);
    expect((await callRoute(mediaRoute.GET, { path: "/api/media", token: other.token })).json.items).toEqual([]);
    expect((await db.mediaItem.findUniqueOrThrow({ where: { id: item.id } })).name).toBe("new.png");

    const deleted = await callRoute(itemRoute.DELETE, { method: "DELETE", path: "/api/media/id", token, params });
    expect(deleted.status).toBe(204);
    expect(await db.mediaItem.count({ where: { id: item.id } })).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("refuses to delete an item a scheduled post uses (409 naming it); a draft's use does not block", async () => {
    const item = await uploadPng("in use.png");
    const channel = await createTestChannel(db, { workspaceId });
    const scheduled = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await db.post.update({
      where: { id: scheduled.id },
      data: { status: "SCHEDULED", scheduledAt: new Date(Date.now() + 3_600_000) },
    });
    const draft = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await db.postMedia.createMany({
      data: [
        { postId: scheduled.id, mediaId: item.id, position: 0 },
        { postId: draft.id, mediaId: item.id, position: 0 },
      ],
    });
    const params = { id: item.id };
    const refused = await callRoute(itemRoute.DELETE, { method: "DELETE", path: "/api/media/id", token, params });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toEqual({ posts: [scheduled.id] });
    expect(refused.json.error.message).toContain(scheduled.id);
    expect(storedFiles()).toHaveLength(2);
    await db.post.update({ where: { id: scheduled.id }, data: { status: "DRAFT" } });
    expect((await callRoute(itemRoute.DELETE, { method: "DELETE", path: "/api/media/id", token, params })).status).toBe(
      204,
    );
    expect(await db.postMedia.count({ where: { mediaId: item.id } })).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("serves the file and thumbnail to the dashboard, with ranges and nosniff", async () => {
    const item = await uploadPng("served.png");
    const row = await db.mediaItem.findUniqueOrThrow({ where: { id: item.id } });
    const stored = await readStored(row.storageKey);
    const full = await fileRoute.GET(
      new NextRequest("http://localhost/api/media/id/variant", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id: item.id, variant: "original" }) },
    );
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/png");
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    expect(full.headers.get("content-disposition")).toBe("inline");
    expect(Buffer.from(await full.arrayBuffer()).equals(stored)).toBe(true);
    const part = await fileRoute.GET(
      new NextRequest("http://localhost/api/media/id/variant", {
        headers: { authorization: `Bearer ${token}`, range: "bytes=10-19" },
      }),
      { params: Promise.resolve({ id: item.id, variant: "original" }) },
    );
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-19/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(10, 20))).toBe(true);
    const thumb = await fileRoute.GET(
      new NextRequest("http://localhost/api/media/id/variant", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id: item.id, variant: "thumbnail" }) },
    );
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe("webp");
    const bad = await callRoute(fileRoute.GET, {
      path: "/api/media/id/variant",
      token,
      params: { id: item.id, variant: "exif" },
    });
    expect(bad.status).toBe(400);
  });
});

describe("signed public URLs (GET /media/:id/:variant)", () => {
  async function fetchSigned(url: string, headers: Record<string, string> = {}) {
    const u = new URL(url);
    const [, , id = "", variant = ""] = u.pathname.split("/");
    const res = await signedFileRoute.GET(new NextRequest(`http://127.0.0.1${u.pathname}${u.search}`, { headers }), {
      params: Promise.resolve({ id, variant }),
    });
    return res;
  }

  it("serves a valid URL without a session; expired or tampered ones are 403", async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#abcdef" } })
      .png()
      .toBuffer();
    const item = (await upload(png, { name: "public.png" })).json as { id: string };
    const row = await db.mediaItem.findUniqueOrThrow({ where: { id: item.id } });
    const storage = getMediaStorage();
    const url = await createPublicMediaUrl({ storage, item: row, variant: "original", expiresInSec: 600 });
    expect(url.startsWith(`https://cadence.example.com/media/${item.id}/original?exp=`)).toBe(true);
    const ok = await fetchSigned(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ok.headers.get("content-disposition")).toBe("inline");
    const body = Buffer.from(await ok.arrayBuffer());
    expect(body.equals(await readStored(row.storageKey))).toBe(true);
    const ranged = await fetchSigned(url, { range: "bytes=-10" });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(body.length - 10))).toBe(true);
    expect((await fetchSigned(url, { range: `bytes=${body.length}-` })).status).toBe(416);

    const expired = await createPublicMediaUrl({
      storage,
      item: row,
      variant: "original",
      expiresInSec: 60,
      now: new Date(Date.now() - 3_600_000),
    });
    const expiredRes = await fetchSigned(expired);
    expect(expiredRes.status).toBe(403);
    expect((await expiredRes.json()).error.message).toContain("expired");

    const u = new URL(url);
    const sig = u.searchParams.get("sig") as string;
    const exp = u.searchParams.get("exp") as string;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`;
    const tampered = [
      `${u.origin}${u.pathname}?exp=${exp}&sig=${flipped}`,
      `${u.origin}${u.pathname}?exp=${Number(exp) + 86_400}&sig=${sig}`,
      `${u.origin}/media/${item.id}/thumbnail?exp=${exp}&sig=${sig}`,
      `${u.origin}/media/${item.id}x/original?exp=${exp}&sig=${sig}`,
      `${u.origin}${u.pathname}?exp=${exp}&sig=nothex`,
    ];
    for (const t of tampered) expect((await fetchSigned(t)).status, t).toBe(403);
    expect((await fetchSigned(`${u.origin}${u.pathname}`)).status).toBe(400);
  });
});

describe("orphan cleanup", () => {
  it("removes unattached uploads older than the limit (rows and objects), keeps attached and recent ones", async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#000000" } })
      .png()
      .toBuffer();
    const ids: string[] = [];
    for (const name of ["old orphan.png", "old attached.png", "new orphan.png"])
      ids.push(((await upload(png, { name })).json as { id: string }).id);
    const [oldOrphan, oldAttached, newOrphan] = ids as [string, string, string];
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    await db.mediaItem.updateMany({ where: { id: { in: [oldOrphan, oldAttached] } }, data: { createdAt: twoDaysAgo } });
    const channel = await createTestChannel(db, { workspaceId });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await db.postMedia.create({ data: { postId: post.id, mediaId: oldAttached, position: 0 } });
    const orphanRow = await db.mediaItem.findUniqueOrThrow({ where: { id: oldOrphan } });

    const result = await deleteOrphanMedia({ db, storage: getMediaStorage(), maxAgeMs: 24 * 3_600_000 });
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await db.mediaItem.findMany({ where: { workspaceId }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([oldAttached, newOrphan].sort());
    expect(await getMediaStorage().head(orphanRow.storageKey)).toBeNull();
    expect(await getMediaStorage().head(orphanRow.thumbnailKey as string)).toBeNull();
    expect(storedFiles()).toHaveLength(4);
  });
});

describe("orphan cleanup in the worker", () => {
  it("the real worker registers the cleanup job scheduler and its job removes an old unattached upload", async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const item = (await upload(png, { name: "forgotten.png" })).json as { id: string };
    const kept = (await upload(png, { name: "fresh.png" })).json as { id: string };
    await db.mediaItem.update({ where: { id: item.id }, data: { createdAt: new Date(Date.now() - 2 * 3_600_000) } });
    // The worker shares this file's queue (PUBLISH_QUEUE_NAME from isolateAppSingletons) and storage folder.
    const worker = spawnWorkerProcess({ MEDIA_CLEANUP_EVERY_MS: "500", MEDIA_ORPHAN_MAX_AGE_MS: "3600000" });
    try {
      await waitFor(async () => (await db.mediaItem.count({ where: { id: item.id } })) === 0, {
        what: "the worker's cleanup job to remove the old upload",
        timeoutMs: 30_000,
      });
      expect(await app.queue().getJobScheduler(MEDIA_CLEANUP_SCHEDULER_ID)).toBeDefined();
      expect(await db.mediaItem.count({ where: { id: kept.id } })).toBe(1);
      expect(storedFiles()).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });
});
