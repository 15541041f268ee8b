import { execFile } from "node:child_process";
import { ApiError } from "@/lib/api/errors";

/**
 * Writes one frame of the video `file` as a PNG to `output`: the frame at 1 s (`ffmpeg -ss 1 -frames:v 1`), or the
 * first frame of a video shorter than 2 s. ffmpeg applies the stream's rotation itself. Runs at most `timeoutMs`.
 * Throws ApiError 422 when ffmpeg cannot decode a frame.
 */
export async function extractVideoPoster({
  file,
  output,
  durationMs,
  timeoutMs,
}: {
  file: string;
  output: string;
  durationMs: number;
  timeoutMs: number;
}): Promise<void> {
  const seek = durationMs >= 2000 ? "1" : "0";
  const args = ["-v", "error", "-nostdin", "-y", "-ss", seek, "-i", file, "-frames:v", "1", "-f", "image2", output];
  await new Promise<void>((resolve, reject) => {
    execFile("ffmpeg", args, { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, _out, errOut) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === "ENOENT")
        return reject(new Error("ffmpeg is not installed (Debian/Ubuntu: apt-get install ffmpeg)"));
      const why = err.killed ? `gave up after ${timeoutMs} ms` : errOut.trim().split("\n")[0] || err.message;
      reject(new ApiError("unprocessable", `No frame could be read from the video: ${why}`));
    });
  });
}
