/** What a media URL holds, judged by its file extension (all Cadence knows before the adapter fetches it). */
export type MediaKind = "image" | "gif" | "video" | "unknown";
export type MediaSummary = { total: number; images: number; gifs: number; videos: number; unknown: number };

const IMAGE = /\.(jpe?g|png|webp|heic|heif|avif|bmp|tiff?)$/i;
const GIF = /\.gif$/i;
const VIDEO = /\.(mp4|m4v|mov|webm|mkv|avi|mpe?g)$/i;

/** "https://cdn.example.com/a.JPG?x=1" → "image"; a URL without a known extension is "unknown". */
export function mediaKind(url: string): MediaKind {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return "unknown";
  }
  if (IMAGE.test(path)) return "image";
  if (GIF.test(path)) return "gif";
  if (VIDEO.test(path)) return "video";
  return "unknown";
}

/** A library item's kind (read from its content at upload) as the rules name it. */
const LIBRARY_KIND = { IMAGE: "image", GIF: "gif", VIDEO: "video" } as const satisfies Record<string, MediaKind>;

/**
 * How many items of each kind a post holds: `mediaUrls` judged by extension, plus library `media` by their real
 * kind (`{ kind: "VIDEO" }` is a video whatever its file was called).
 */
export function summarizeMedia(
  mediaUrls: readonly string[],
  media: readonly { kind: keyof typeof LIBRARY_KIND }[] = [],
): MediaSummary {
  const summary: MediaSummary = { total: mediaUrls.length + media.length, images: 0, gifs: 0, videos: 0, unknown: 0 };
  for (const item of media) {
    const kind = LIBRARY_KIND[item.kind];
    if (kind === "image") summary.images++;
    else if (kind === "gif") summary.gifs++;
    else summary.videos++;
  }
  for (const url of mediaUrls) {
    const kind = mediaKind(url);
    if (kind === "image") summary.images++;
    else if (kind === "gif") summary.gifs++;
    else if (kind === "video") summary.videos++;
    else summary.unknown++;
  }
  return summary;
}
