import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { createPrismaClient } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { MAX_IMAGE_PIXELS, storeImage, THUMBNAIL_MAX_PX, thumbnailOf } from "@/lib/media/store-image";
import { fmtMs, quantile } from "./stats";

// Media: what an upload costs next to the bare operation underneath it, in the same run. Not a test.
// 1. Thumbnail time for a 12-megapixel JPEG: our upload processing (storeImage: re-encode without metadata +
//    thumbnail, into storage) and our thumbnail alone (thumbnailOf), next to a bare sharp resize to the same size.
// 2. Upload throughput through the real web server (`next start`, the last `next build`; built first when missing
//    or older than HEAD): 12 MP JPEGs and a 1 GB MP4 POSTed to /api/media, next to a bare `fs` copy of the same
//    file in a child process. For the 1 GB file, the peak RSS growth of the web server's process tree (sampled from
//    /proc every 20 ms) next to the bare copy's.
// Alone: `npm run stack -- exec --profile bench -- tsx bench/media.ts`; bench/run.ts includes benchMedia()'s section.

const THUMB_RUNS = 20;
const IMAGE_UPLOADS = 10;
/** Under MEDIA_MAX_VIDEO_BYTES' default (1 GiB). */
const BIG_BYTES = Number(process.env.BENCH_MEDIA_BIG_BYTES ?? 1_000_000_000);
const SAMPLE_MS = 20;
const root = path.resolve(import.meta.dirname, "..");
const progress = (message: string) => process.stderr.write(`[bench:media] ${message}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const mbps = (bytes: number, ms: number) => `${((bytes / 1e6 / ms) * 1000).toFixed(0)} MB/s`;
const x = (ours: number, bare: number) => `${(ours / bare).toFixed(2)}×`;

/** A 4000×3000 photo-like JPEG (smooth noise, quality 90, a few MB), as a phone camera makes. */
async function makePhoto(file: string): Promise<void> {
  const small = await sharp({
    create: {
      width: 500,
      height: 375,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  await sharp(small).resize(4000, 3000, { kernel: "cubic" }).jpeg({ quality: 92 }).toFile(file);
}

/** A playable 2-second MP4 padded to `bytes` with a top-level `free` box (ISO/IEC 14496-12 §8.1.2). */
async function makeBigVideo(dir: string, bytes: number): Promise<string> {
  const head = path.join(dir, "head.mp4");
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=640x360:rate=25"],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", head],
  ]);
  const headBytes = readFileSync(head);
  const padding = bytes - headBytes.length;
  const file = path.join(dir, "big.mp4");
  const fd = await open(file, "w");
  try {
    await fd.write(headBytes);
    const box = Buffer.alloc(8);
    box.writeUInt32BE(padding, 0);
    box.write("free", 4, "latin1");
    await fd.write(box);
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    let left = padding - 8;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      await fd.write(chunk, 0, n);
      left -= n;
    }
  } finally {
    await fd.close();
  }
  return file;
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Resident memory of `pid` and all its descendants, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const statLine = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(statLine.slice(statLine.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Samples treeRss(pid) every SAMPLE_MS while `work` runs; returns its result, the start RSS and the peak. */
async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; startRss: number; peakRss: number }> {
  const startRss = treeRss(pid);
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(pid));
  }, SAMPLE_MS);
  try {
    const result = await work();
    peakRss = Math.max(peakRss, treeRss(pid));
    return { result, startRss, peakRss };
  } finally {
    clearInterval(timer);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  return port;
}

/** Builds the app when there is no build, or it is older than the last commit. */
function ensureBuild(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const headTime = Number(execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" })) * 1000;
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= headTime) return;
  progress("building the app (next build)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function startWeb(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  throw new Error("the web server did not answer within 60 s");
}

/** POSTs `file` to /api/media as a stream (never the whole file in this process's memory); resolves with the item id. */
async function upload(port: number, token: string, file: string, type: string): Promise<string> {
  const size = (await stat(file)).size;
  const req = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: `/api/media?name=${encodeURIComponent(path.basename(file))}`,
    headers: { authorization: `Bearer ${token}`, "content-type": type, "content-length": size },
  });
  const answer = once(req, "response") as Promise<[http.IncomingMessage]>;
  await pipeline(createReadStream(file), req);
  const [res] = await answer;
  let body = "";
  for await (const chunk of res) body += chunk;
  if (res.statusCode !== 201) throw new Error(`upload of ${path.basename(file)}: ${res.statusCode} ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}

/** A bare `fs` copy of `file` in its own Node process: its wall time and peak RSS growth. */
async function bareCopy(file: string, dest: string) {
  const script = `const fs=require("node:fs");const {pipeline}=require("node:stream/promises");process.stdin.once("data",async()=>{const t=performance.now();await pipeline(fs.createReadStream(${JSON.stringify(file)}),fs.createWriteStream(${JSON.stringify(dest)}));process.stdout.write(String(performance.now()-t),()=>process.exit(0));});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise((r) => setTimeout(r, 300)); // started and idle
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const { startRss, peakRss } = await withPeakRss(child.pid as number, async () => {
    child.stdin.write("go\n");
    await once(child, "exit");
  });
  rmSync(dest, { force: true });
  return { ms: Number(out), startRss, peakRss };
}

export async function benchMedia(): Promise<string> {
  const env = getEnv();
  const dir = mkdtempSync(path.join(tmpdir(), "cadence-bench-media-"));
  const db = createPrismaClient();
  const storage = getMediaStorage();
  let web: ChildProcess | undefined;
  let workspaceId: string | undefined;
  try {
    const photo = path.join(dir, "photo-12mp.jpg");
    await makePhoto(photo);
    const photoBytes = (await stat(photo)).size;
    progress(`12 MP photo: ${mb(photoBytes)}`);

    // 1. Thumbnails.
    const runId = Date.now().toString(36);
    let run = 0;
    const process1 = await timeRuns(THUMB_RUNS, async () => {
      const key = `bench-${runId}/${run++}`;
      await storeImage({
        storage,
        file: photo,
        mimeType: "image/jpeg",
        key: `${key}/original`,
        thumbnailKey: `${key}/thumbnail`,
      });
      await storage.delete(`${key}/original`);
      await storage.delete(`${key}/thumbnail`);
    });
    const thumbOurs = await timeRuns(THUMB_RUNS, () =>
      thumbnailOf(sharp(photo, { limitInputPixels: MAX_IMAGE_PIXELS })).toBuffer(),
    );
    const thumbBare = await timeRuns(THUMB_RUNS, () =>
      sharp(photo).resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: "inside" }).webp().toBuffer(),
    );
    progress("thumbnails measured");

    // 2. Uploads through the web server.
    ensureBuild();
    const port = await freePort();
    web = await startWeb(port);
    const workspace = await db.workspace.create({ data: { name: `bench media ${runId}`, timezone: "UTC" } });
    workspaceId = workspace.id;
    const { token } = await createApiToken({ db, workspaceId, name: "bench" });
    await upload(port, token, photo, "image/jpeg"); // warm the route (first request compiles nothing, but loads it)

    const uploadMs = await timeRuns(IMAGE_UPLOADS, () => upload(port, token, photo, "image/jpeg"));
    const copyMs: number[] = [];
    for (let i = 0; i < IMAGE_UPLOADS; i++) copyMs.push((await bareCopy(photo, path.join(dir, "copy.jpg"))).ms);
    progress("image uploads measured");

    const big = await makeBigVideo(dir, BIG_BYTES);
    progress(`1 GB video written (${mb(BIG_BYTES)})`);
    const webPid = web.pid as number;
    const t0 = performance.now();
    const bigUpload = await withPeakRss(webPid, () => upload(port, token, big, "video/mp4"));
    const bigMs = performance.now() - t0;
    const bigCopy = await bareCopy(big, path.join(dir, "copy.mp4"));
    progress("1 GB upload measured");

    const p = (v: number[], q: number) => fmtMs(quantile(v, q));
    const table = [
      "| Measure | Cadence | bare | ours ÷ bare |",
      "|---|---|---|---|",
      `| 12 MP JPEG: upload processing (re-encode without metadata + thumbnail, stored) p50 / p95 | ${p(process1, 0.5)} / ${p(process1, 0.95)} | ${p(thumbBare, 0.5)} / ${p(thumbBare, 0.95)} (thumbnail only) | ${x(quantile(process1, 0.5), quantile(thumbBare, 0.5))} |`,
      `| 12 MP JPEG: thumbnail (${THUMBNAIL_MAX_PX} px WebP) p50 / p95 | ${p(thumbOurs, 0.5)} / ${p(thumbOurs, 0.95)} | ${p(thumbBare, 0.5)} / ${p(thumbBare, 0.95)} | ${x(quantile(thumbOurs, 0.5), quantile(thumbBare, 0.5))} |`,
      `| 12 MP JPEG (${mb(photoBytes)}): upload through the web server p50 / p95 (bare: fs copy) | ${p(uploadMs, 0.5)} / ${p(uploadMs, 0.95)} | ${p(copyMs, 0.5)} / ${p(copyMs, 0.95)} | ${x(quantile(uploadMs, 0.5), quantile(copyMs, 0.5))} |`,
      `| 1 GB MP4: upload throughput (bare: fs copy) | ${mbps(BIG_BYTES, bigMs)} (${fmtMs(bigMs)}) | ${mbps(BIG_BYTES, bigCopy.ms)} (${fmtMs(bigCopy.ms)}) | ${x(BIG_BYTES / bigMs, BIG_BYTES / bigCopy.ms)} |`,
      `| 1 GB MP4: peak RSS growth of the receiving process tree | ${mb(bigUpload.peakRss - bigUpload.startRss)} (from ${mb(bigUpload.startRss)}) | ${mb(bigCopy.peakRss - bigCopy.startRss)} (from ${mb(bigCopy.startRss)}) | ${x(bigUpload.peakRss - bigUpload.startRss, Math.max(1, bigCopy.peakRss - bigCopy.startRss))} |`,
    ].join("\n");
    console.log(`\n${table}\n`);
    return `## Media

${table}

- Storage: ${env.MEDIA_STORAGE === "s3" ? "S3 (SeaweedFS started by the launcher)" : "local disk (MEDIA_LOCAL_DIR)"}. ${THUMB_RUNS} runs for each thumbnail measure, ${IMAGE_UPLOADS} uploads of the same photo, one 1 GB upload.
- Upload processing includes what a phone photo needs before anyone else sees it: auto-orient, a full re-encode
  that drops EXIF/GPS, and the thumbnail; the bare figure is the thumbnail resize alone, so the ratio is the price
  of the re-encode.
- Uploads go through \`next start\` (the built app): streamed to a private temp file while the type is read from the
  first bytes, then processed (videos: ffprobe + poster frame) and stored, so a 1 GB file is written twice; the bare
  copy writes it once. RSS is the whole process tree's, sampled every ${SAMPLE_MS} ms from /proc.
- Everything the run created (workspace, items, stored objects, temp files) is removed at the end.
`;
  } finally {
    if (workspaceId) {
      const items = await db.mediaItem.findMany({
        where: { workspaceId },
        select: { storageKey: true, thumbnailKey: true },
      });
      for (const item of items) {
        await storage.delete(item.storageKey);
        if (item.thumbnailKey) await storage.delete(item.thumbnailKey);
      }
      await db.workspace.delete({ where: { id: workspaceId } });
    }
    web?.kill("SIGTERM");
    if (web) await once(web, "exit").catch(() => {});
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchMedia().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
