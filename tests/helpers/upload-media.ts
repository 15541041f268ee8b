import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import sharp from "sharp";
import * as mediaRoute from "@/app/api/media/route";

/**
 * A camera-like JPEG carrying a make and a GPS position in its EXIF (48°51'29.64"N 2°17'40"E), optionally stored
 * sideways (EXIF Orientation): what a phone photo that must not publish its location looks like.
 */
export function makeGpsJpeg({
  width = 640,
  height = 480,
  orientation,
}: {
  width?: number;
  height?: number;
  orientation?: number;
} = {}) {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } }).withExif({
    IFD0: { Make: "TestPhone" },
    IFD3: {
      GPSLatitudeRef: "N",
      GPSLatitude: "48/1 51/1 2964/100",
      GPSLongitudeRef: "E",
      GPSLongitude: "2/1 17/1 4000/100",
    },
  });
  return (orientation ? image.withMetadata({ orientation }) : image).jpeg().toBuffer();
}

/** A real PNG of `width`×`height` pixels in one colour. */
export function makePng(width = 64, height = 48, color = "#336699"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/**
 * A real PNG of `width`×`height` pixels of random noise, which does not compress: about width × height × 3 bytes,
 * for an image over a platform's byte cap.
 */
export function makeNoisePng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A real H.264 MP4 of `seconds` from ffmpeg's test pattern, 320×240. */
export function makeMp4(seconds = 1): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "post-media-video-"));
  try {
    const file = path.join(dir, "clip.mp4");
    execFileSync("ffmpeg", [
      ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=320x240:rate=25`],
      ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", file],
    ]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Uploads `bytes` through the real POST /api/media handler, as curl does; returns the item's answer (201) or throws. */
export async function uploadMedia(token: string, bytes: Buffer, name = "file") {
  const req = new NextRequest(`http://localhost/api/media?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/octet-stream",
      "content-length": String(bytes.length),
    },
    body: new Uint8Array(bytes),
  });
  const res = await mediaRoute.POST(req, { params: Promise.resolve({}) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${text}`);
  return JSON.parse(text) as {
    id: string;
    kind: string;
    mimeType: string;
    width: number;
    height: number;
    bytes: number;
    durationMs: number | null;
    sha256: string;
  };
}
