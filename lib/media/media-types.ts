import type { MediaKind } from "@/lib/generated/prisma/enums";

/**
 * The file types the library accepts, as `file-type` names them from the content (magic bytes), and the kind each
 * becomes. Images are what every supported network takes (JPEG, PNG, WebP, GIF); videos are MP4/MOV (H.264/HEVC,
 * what Instagram, Threads, TikTok and X accept) and WebM. Not here, so refused: SVG and HTML (scripts run where they
 * are served), HEIC/HEIF (sharp's prebuilt libvips cannot decode HEVC: export as JPEG), everything else.
 */
export const ACCEPTED_MEDIA_TYPES: Readonly<Record<string, MediaKind>> = {
  "image/jpeg": "IMAGE",
  "image/png": "IMAGE",
  "image/webp": "IMAGE",
  "image/gif": "GIF",
  "video/mp4": "VIDEO",
  "video/x-m4v": "VIDEO",
  "video/quicktime": "VIDEO",
  "video/webm": "VIDEO",
};

export const ACCEPTED_TYPES_TEXT = "JPEG, PNG, WebP, GIF, MP4, MOV or WebM";
