import { createReadStream } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream";
import sharp from "sharp";
import { createByteMeter } from "@/lib/media/create-byte-meter";
import { extractVideoPoster } from "@/lib/media/extract-video-poster";
import { probeVideo, type VideoProbe } from "@/lib/media/probe-video";
import type { MediaStorage } from "@/lib/media/storage/types";
import { thumbnailOf } from "@/lib/media/store-image";

/**
 * Probes the video in `file` (ffprobe), stores a WebP poster thumbnail (the frame at 1 s, at most 400×400) at
 * `thumbnailKey`, then streams the file unchanged to `key` (capped at `maxBytes`). Probing first means a file that
 * only looks like a video (right magic bytes, no playable stream) is refused (422) before anything is stored.
 */
export async function storeVideo({
  storage,
  file,
  workDir,
  mimeType,
  key,
  thumbnailKey,
  maxBytes,
  timeoutMs,
}: {
  storage: MediaStorage;
  file: string;
  workDir: string;
  mimeType: string;
  key: string;
  thumbnailKey: string;
  maxBytes: number;
  timeoutMs: number;
}): Promise<VideoProbe & { bytes: number; sha256: string }> {
  const probe = await probeVideo({ file, timeoutMs });
  const poster = join(workDir, "poster.png");
  await extractVideoPoster({ file, output: poster, durationMs: probe.durationMs, timeoutMs });
  await storage.put(thumbnailKey, thumbnailOf(sharp(poster)), { contentType: "image/webp" });
  const meter = createByteMeter();
  const done = new Promise<void>((resolve, reject) =>
    pipeline(createReadStream(file), meter, (err) => (err ? reject(err) : resolve())),
  );
  const [{ bytes }] = await Promise.all([storage.put(key, meter, { contentType: mimeType, maxBytes }), done]);
  return { ...probe, bytes, sha256: meter.digest() };
}
