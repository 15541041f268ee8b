import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * LinkedIn Posts API. `commentary`: at most 3,000 characters (counted in UTF-16 code units, as the Java
 * backend measures strings). Media: a MultiImage post holds 2 to 20 images; a video post holds one video and
 * nothing else (https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api and
 * .../shares/multiimage-post-api).
 */
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
  },
};
