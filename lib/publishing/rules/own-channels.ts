import { codePointLength } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/** Cadence's own channels (webhook and sandbox): limits we set ourselves, so receivers get bounded payloads. */
function ownRules(platform: "WEBHOOK" | "SANDBOX"): PlatformRules {
  return {
    platform,
    text: [
      { id: "length", unit: "characters", max: 10_000, count: codePointLength, source: "Cadence (our own limit)" },
    ],
    media: {
      maxItems: 20,
      videoAlone: false,
      gifIsVideo: false,
      required: false,
      source: "Cadence (the API accepts up to 20 media URLs)",
    },
  };
}

export const webhookRules = ownRules("WEBHOOK");
export const sandboxRules = ownRules("SANDBOX");
