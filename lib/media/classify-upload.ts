import { ApiError } from "@/lib/api/errors";
import type { MediaKind } from "@/lib/generated/prisma/enums";
import { ACCEPTED_MEDIA_TYPES, ACCEPTED_TYPES_TEXT } from "@/lib/media/media-types";

/**
 * The kind of an upload from the type `file-type` read in its first bytes (`detectedMime`, undefined when it knew
 * none) and those bytes themselves (`head`, to name markup). Throws ApiError 415 `unsupported_media_type` naming what
 * the content is (e.g. "image/svg+xml", "text markup (HTML, SVG or XML)") — never trusting the name or Content-Type.
 */
export function classifyUpload({ detectedMime, head }: { detectedMime: string | undefined; head: Uint8Array }): {
  kind: MediaKind;
  mimeType: string;
} {
  if (detectedMime) {
    const kind = ACCEPTED_MEDIA_TYPES[detectedMime];
    if (kind) return { kind, mimeType: detectedMime };
    throw new ApiError(
      "unsupported_media_type",
      `The file's content is ${detectedMime}, which the media library does not accept (${ACCEPTED_TYPES_TEXT})`,
      { detected: detectedMime },
    );
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 512)).replace(/^\uFEFF/, "");
  const what = /^\s*</.test(text) ? "text markup (HTML, SVG or XML)" : "not a recognised image or video format";
  throw new ApiError(
    "unsupported_media_type",
    `The file's content is ${what}; the media library accepts ${ACCEPTED_TYPES_TEXT}`,
    { detected: null },
  );
}
