import type { Metadata } from "next";
import { Suspense } from "react";
import { ChannelsPage, type PlatformOption } from "@/components/channels/channels-page";
import { LoadingRows } from "@/components/ui/panel-state";
import { Platform } from "@/lib/generated/prisma/enums";
import { listOAuthLogins } from "@/lib/oauth/list-oauth-logins";
import { platformAvailability } from "@/lib/publishing/networks/platform-availability";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

export const metadata: Metadata = { title: "Channels · Cadence" };

// Settings → Channels. What each platform can do is decided on the server (the adapters live there) and handed to
// the page, so the list of what can publish has one source: lib/publishing/networks/get-platform-adapter.ts.
// A platform whose OAuth login is registered (lib/oauth/networks/get-oauth-network.ts) is connectable through it; the
// login says whether the operator set its app credentials, so the button can say which settings are missing.
export const dynamic = "force-dynamic";

export default function Page() {
  const logins = listOAuthLogins();
  const platforms: PlatformOption[] = Object.values(Platform).map((platform) => {
    const login = logins.find((l) => l.channelPlatforms.includes(platform))?.login ?? null;
    const availability = platformAvailability(platform);
    return {
      platform,
      name: PLATFORM_NAMES[platform],
      ...availability,
      ...(login ? { connect: "oauth" as const, comingLater: false } : {}),
      login,
    };
  });
  return (
    // useSearchParams (?connected=, ?error= from a connect flow's return) needs a Suspense boundary.
    <Suspense fallback={<LoadingRows rows={3} label="Loading channels…" />}>
      <ChannelsPage platforms={platforms} logins={logins} />
    </Suspense>
  );
}
