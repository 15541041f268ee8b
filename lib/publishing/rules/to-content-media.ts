import type { ContentMedia } from "@/lib/publishing/rules/types";

/**
 * A stored media item (a MediaItem row, or the API's media answer) → what the platform rules read of it.
 * `bytes` may be a BigInt (Prisma's column type) or a number (JSON); it is counted in bytes either way.
 */
export function toContentMedia(item: {
  kind: ContentMedia["kind"];
  mimeType: string;
  bytes: bigint | number;
  width: number;
  height: number;
  durationMs: number | null;
}): ContentMedia {
  return {
    kind: item.kind,
    mimeType: item.mimeType,
    bytes: Number(item.bytes),
    width: item.width,
    height: item.height,
    durationMs: item.durationMs,
  };
}
