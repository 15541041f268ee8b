import type { Metadata } from "next";
import { Suspense } from "react";
import { ChannelsPage, type PlatformOption } from "@/components/channels/channels-page";
import { LoadingRows } from "@/components/ui/panel-state";
import { Platform } from "@/lib/generated/prisma/enums";
import { platformAvailability } from "@/lib/publishing/networks/platform-availability";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

export const metadata: Metadata = { title: "Channels · Cadence" };

// Settings → Channels. What each platform can do is decided on the server (the adapters live there) and handed to
// the page, so the list of what can publish has one source: lib/publishing/networks/get-platform-adapter.ts.
export default function Page() {
  const platforms: PlatformOption[] = Object.values(Platform).map((platform) => ({
    platform,
    name: PLATFORM_NAMES[platform],
    ...platformAvailability(platform),
  }));
  return (
    // useSearchParams (?connected=, ?error= from a connect flow's return) needs a Suspense boundary.
    <Suspense fallback={<LoadingRows rows={3} label="Loading channels…" />}>
      <ChannelsPage platforms={platforms} />
    </Suspense>
  );
}
