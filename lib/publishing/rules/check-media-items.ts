import type { ChannelLimits } from "@/lib/publishing/rules/channel-limits";
import type {
  AspectRatio,
  ContentMedia,
  ContentProblem,
  MediaItemRules,
  MediaRules,
} from "@/lib/publishing/rules/types";

/** What people call each MIME type the library stores (lib/media/media-types.ts) and the platforms name. */
const TYPE_NAMES: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/gif": "GIF",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
  "image/avif": "AVIF",
  "image/bmp": "BMP",
  "image/tiff": "TIFF",
  "video/mp4": "MP4",
  "video/quicktime": "MOV",
  "video/webm": "WebM",
};

/** file-type names an .m4v "video/x-m4v"; it is an MP4 file and every platform that takes MP4 takes it. */
const sameType = (mimeType: string) => (mimeType === "video/x-m4v" ? "video/mp4" : mimeType);
const typeName = (mimeType: string) => TYPE_NAMES[sameType(mimeType)] ?? mimeType;
const KIND_WORDS = { IMAGE: "images", GIF: "GIFs", VIDEO: "videos" } as const;
const number = (n: number) => n.toLocaleString("en-US");

/** 5_000_000 → "5 MB", 16_777_216 → "16.78 MB", 999 → "999 bytes" (decimal units, as the platforms write them). */
function bytesText(n: number): string {
  for (const [unit, size] of [
    ["GB", 1e9],
    ["MB", 1e6],
    ["KB", 1e3],
  ] as const) {
    if (n >= size) return `${Number((n / size).toFixed(2))} ${unit}`;
  }
  return `${number(n)} bytes`;
}

/** 600_000 → "10 min", 140_500 → "2 min 20.5 s", 500 → "0.5 s" (exact to the millisecond). */
function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms - minutes * 60_000) / 1000;
  if (minutes === 0) return `${seconds} s`;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** 1080×1920 → "9:16"; a ratio with no small whole terms → "0.56:1". */
function ratioText(width: number, height: number): string {
  const d = gcd(width, height);
  if (width / d <= 32 && height / d <= 32) return `${width / d}:${height / d}`;
  return `${Number((width / height).toFixed(2))}:1`;
}

/** width/height ≥ ratio, compared in whole numbers (no rounding at the boundary). */
const atLeast = (width: number, height: number, r: AspectRatio) => width * r.height >= r.width * height;
const atMost = (width: number, height: number, r: AspectRatio) => width * r.height <= r.width * height;

/** The rules for one item's kind, with the channel's own byte and pixel caps in place of the defaults. */
function rulesFor(media: MediaRules, item: ContentMedia, limits: ChannelLimits): MediaItemRules | undefined {
  if (item.kind === "VIDEO") {
    if (!media.video) return undefined;
    return {
      ...media.video,
      maxBytes: limits.maxVideoBytes ?? media.video.maxBytes,
      maxPixels: limits.maxVideoPixels ?? media.video.maxPixels,
    };
  }
  const rules = item.kind === "GIF" ? (media.gif ?? media.image) : media.image;
  if (!rules) return undefined;
  return { ...rules, maxBytes: limits.maxImageBytes ?? rules.maxBytes };
}

/**
 * Checks each library item in `media` against the per-item media rules of one platform (`rules.image`, `.gif`,
 * `.video`): accepted type and largest file (unless `fitByReencoding`: the adapter sends a JPEG copy that fits), aspect ratio,
 * duration, pixel bounds. One problem per broken rule per item, in item order, each with `item` (0-based) and a
 * message naming the platform and the item 1-based, e.g. "Instagram takes images with an aspect ratio between 4:5
 * and 1.91:1; item 2 is 9:16 (1080×1920)". A dimension or duration the library does not know (0 or null) is not
 * checked. Pure: runs in the browser too.
 */
export function checkMediaItems({
  name,
  rules,
  media,
  limits,
}: {
  name: string;
  rules: MediaRules;
  media: readonly ContentMedia[];
  limits: ChannelLimits;
}): ContentProblem[] {
  const problems: ContentProblem[] = [];
  media.forEach((item, index) => {
    const r = rulesFor(rules, item, limits);
    if (!r) return;
    const what = KIND_WORDS[item.kind];
    const place = `item ${index + 1}`;
    const add = (rule: ContentProblem["rule"], message: string) =>
      problems.push({ rule, field: "media", item: index, message: `${name} ${message}` });
    const { width, height } = item;
    const sized = width > 0 && height > 0;

    // A still image of another type or a larger size goes out as a JPEG copy that fits (MediaItemRules.fitByReencoding).
    const copied = r.fitByReencoding !== undefined && item.kind === "IMAGE";
    if (r.mimeTypes && !copied && !r.mimeTypes.includes(sameType(item.mimeType))) {
      const names = r.mimeTypes.map(typeName);
      const list = names.length === 1 ? `${names[0]} only` : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
      add("media.type", `takes ${what} as ${list}; ${place} is ${typeName(item.mimeType)}`);
    }
    if (r.maxBytes !== undefined && !copied && item.bytes > r.maxBytes) {
      let [max, got] = [bytesText(r.maxBytes), bytesText(item.bytes)];
      if (max === got) [max, got] = [`${number(r.maxBytes)} bytes`, `${number(item.bytes)} bytes`];
      add("media.bytes", `takes ${what} up to ${max}; ${place} is ${got}`);
    }
    if (r.aspect && sized && !(atLeast(width, height, r.aspect.min) && atMost(width, height, r.aspect.max))) {
      add(
        "media.aspect",
        `takes ${what} with an aspect ratio between ${r.aspect.min.label} and ${r.aspect.max.label}; ` +
          `${place} is ${ratioText(width, height)} (${width}×${height})`,
      );
    }
    const ms = item.durationMs;
    if (typeof ms === "number" && ms > 0) {
      const { minDurationMs: min, maxDurationMs: max } = r;
      if ((min !== undefined && ms < min) || (max !== undefined && ms > max)) {
        const range =
          min !== undefined && max !== undefined
            ? `from ${durationText(min)} to ${durationText(max)}`
            : max !== undefined
              ? `up to ${durationText(max)}`
              : `at least ${durationText(min ?? 0)}`;
        add("media.duration", `takes ${what} ${range} long; ${place} is ${durationText(ms)}`);
      }
    }
    if (sized) {
      const tooSmall =
        (r.minWidth !== undefined && width < r.minWidth) || (r.minHeight !== undefined && height < r.minHeight);
      if (tooSmall)
        add(
          "media.dimensions",
          `takes ${what} at least ${r.minWidth ?? 1}×${r.minHeight ?? 1} pixels; ${place} is ${width}×${height}`,
        );
      const tooLarge =
        (r.maxWidth !== undefined && width > r.maxWidth) || (r.maxHeight !== undefined && height > r.maxHeight);
      if (tooLarge)
        add(
          "media.dimensions",
          `takes ${what} up to ${r.maxWidth ?? "any"}×${r.maxHeight ?? "any"} pixels; ${place} is ${width}×${height}`,
        );
      if (r.maxPixels !== undefined && width * height > r.maxPixels)
        add(
          "media.dimensions",
          `takes ${what} of at most ${number(r.maxPixels)} pixels; ${place} is ${width}×${height} ` +
            `(${number(width * height)})`,
        );
    }
  });
  return problems;
}
