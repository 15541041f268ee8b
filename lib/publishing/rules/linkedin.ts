import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * LinkedIn Posts API. `commentary`: at most 3,000 characters (counted in UTF-16 code units, as the Java
 * backend measures strings). Media: a MultiImage post holds 2 to 20 images; a video post holds one video and
 * nothing else (https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api and
 * .../shares/multiimage-post-api).
 */
const LINKEDIN_API = "https://learn.microsoft.com/linkedin/marketing/community-management/shares";

export const linkedinRules: PlatformRules = {
  platform: "LINKEDIN",
  text: [
    {
      id: "length",
      unit: "characters",
      max: 3000,
      count: utf16Length,
      source: "https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api (commentary)",
    },
  ],
  media: {
    maxItems: 20,
    videoAlone: true,
    gifIsVideo: false,
    required: false,
    source:
      "https://learn.microsoft.com/linkedin/marketing/community-management/shares/multiimage-post-api (2-20 images)",
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/gif"],
      fitByReencoding: { purpose: "linkedin-image" },
      maxPixels: 36_152_319,
      source: `${LINKEDIN_API}/images-api (JPG, GIF, PNG; fewer than 36,152,320 pixels)`,
    },
    video: {
      mimeTypes: ["video/mp4"],
      maxBytes: 500_000_000,
      minDurationMs: 3_000,
      maxDurationMs: 30 * 60_000,
      aspect: { min: { width: 5, height: 12, label: "1:2.4" }, max: { width: 12, height: 5, label: "2.4:1" } },
      source: `${LINKEDIN_API}/videos-api (MP4, 75 KB to 500 MB, 3 seconds to 30 minutes, aspect ratio 1:2.4 to 2.4:1)`,
    },
  },
};
