import type { Platform } from "@/lib/generated/prisma/enums";
import { formatPostPayload } from "@/lib/publishing/format";
import { type PlatformAdapter, PublishError } from "@/lib/publishing/networks/types";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

/** Stand-in for a platform whose real adapter is not written yet: fails at once, nothing is sent. */
export function notConnectedAdapter(platform: Platform): PlatformAdapter {
  const name = PLATFORM_NAMES[platform];
  return {
    platform,
    supportsIdempotencyKey: false,
    format: formatPostPayload,
    async publish() {
      throw new PublishError("permanent", `${name} is not connected yet: its adapter ships in a later release`);
    },
  };
}
