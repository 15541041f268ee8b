import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";

// Settings: one place with sections (Workspace, Team, Channels, API tokens), each its own page under /settings.
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsNav />
      {children}
    </>
  );
}
