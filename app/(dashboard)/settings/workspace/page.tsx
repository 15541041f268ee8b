import type { Metadata } from "next";
import { WorkspaceSettingsPage } from "@/components/settings/workspace-settings-page";

export const metadata: Metadata = { title: "Workspace settings · Cadence" };

// Settings → Workspace: name, time zone, week start, default channels.
export default function Page() {
  return <WorkspaceSettingsPage />;
}
