import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { removeWorkspaces, type SeededWorkspace, seedWorkspace } from "./factories";

// The media upload through the real server: /api/media stays out of the proxy (proxy.ts), where Next would buffer a
// body and hand the route at most 10 MB of it. A 31 MB video must arrive whole.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let dir: string;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e media ${run}`, "UTC");
  dir = mkdtempSync(path.join(tmpdir(), "e2e-media-"));
});

test.afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await removeWorkspaces([ws.workspaceId]);
});

test("a 31 MB video uploads whole through the built server (over the proxy's 10 MB), then serves and deletes", async ({
  request,
}) => {
  const head = path.join(dir, "head.mp4");
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=320x240:rate=25"],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", head],
  ]);
  // A valid MP4 padded with a 30 MiB top-level `free` box (ISO/IEC 14496-12 §8.1.2): still one playable file.
  const padding = 30 * 1024 * 1024;
  const box = Buffer.alloc(8);
  box.writeUInt32BE(padding + 8, 0);
  box.write("free", 4, "latin1");
  const body = Buffer.concat([readFileSync(head), box, Buffer.alloc(padding)]);
  const auth = { authorization: `Bearer ${ws.token}` };

  const res = await request.post("/api/media?name=big.mp4", {
    headers: { ...auth, "content-type": "video/mp4" },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(201);
  const item = (await res.json()) as { id: string; bytes: number; kind: string; durationMs: number };
  expect(item).toMatchObject({ kind: "VIDEO", bytes: body.length, durationMs: 1000 });

  const thumb = await request.get(`/api/media/${item.id}/thumbnail`, { headers: auth });
  expect(thumb.status()).toBe(200);
  expect(thumb.headers()["content-type"]).toBe("image/webp");
  const part = await request.get(`/api/media/${item.id}/original`, { headers: { ...auth, range: "bytes=0-7" } });
  expect(part.status()).toBe(206);
  expect((await part.body()).subarray(4, 8).toString("latin1")).toBe("ftyp");

  const html = await request.post("/api/media?name=photo.jpg", {
    headers: { ...auth, "content-type": "image/jpeg" },
    data: Buffer.from("<html><script>alert(1)</script></html>"),
  });
  expect(html.status()).toBe(415);

  expect((await request.delete(`/api/media/${item.id}`, { headers: auth })).status()).toBe(204);
  expect((await request.get(`/api/media/${item.id}`, { headers: auth })).status()).toBe(404);
});
