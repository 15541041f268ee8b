import type { Metadata } from "next";
import { NotificationSettingsPage } from "@/components/settings/notification-settings-page";

export const metadata: Metadata = { title: "Notifications · Cadence" };

// Settings → Notifications: what reaches me in this workspace, and how (in-app, email).
export default function Page() {
  return <NotificationSettingsPage />;
}
