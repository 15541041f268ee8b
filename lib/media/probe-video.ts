import { execFile } from "node:child_process";
import { ApiError } from "@/lib/api/errors";

export type VideoProbe = { durationMs: number; width: number; height: number; videoCodec: string };

type FfprobeOutput = {
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    duration?: string;
    side_data_list?: { rotation?: number }[];
    tags?: { rotate?: string };
  }[];
  format?: { duration?: string };
};

/**
 * Duration (ms), codec (ffprobe's `codec_name`, e.g. "h264") and upright dimensions of the first video stream of
 * `file`, from `ffprobe -print_format json -show_format -show_streams` (https://ffmpeg.org/ffprobe.html). A phone
 * video stored sideways with a 90°/270° rotation reports its displayed (swapped) width and height. ffprobe runs at
 * most `timeoutMs` (killed after). Throws ApiError 422 when ffprobe cannot read the file or finds no video stream.
 */
export async function probeVideo({ file, timeoutMs }: { file: string; timeoutMs: number }): Promise<VideoProbe> {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile("ffprobe", args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, out, errOut) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === "ENOENT")
        return reject(new Error("ffprobe is not installed (Debian/Ubuntu: apt-get install ffmpeg)"));
      const why = err.killed ? `gave up after ${timeoutMs} ms` : errOut.trim().split("\n")[0] || err.message;
      reject(new ApiError("unprocessable", `The video could not be read: ${why}`));
    });
  });
  const parsed = JSON.parse(stdout) as FfprobeOutput;
  const video = parsed.streams?.find((s) => s.codec_type === "video");
  if (!video?.width || !video.height || !video.codec_name)
    throw new ApiError("unprocessable", "The file has no readable video stream");
  const seconds = Number(parsed.format?.duration ?? video.duration);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ApiError("unprocessable", "The video has no duration");
  const rotation = Number(
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0,
  );
  const sideways = Math.abs(rotation) % 180 === 90;
  return {
    durationMs: Math.round(seconds * 1000),
    width: sideways ? video.height : video.width,
    height: sideways ? video.width : video.height,
    videoCodec: video.codec_name,
  };
}
