"use client";

import { browserZone } from "@/components/calendar/time-zones";

// TEMPORARY until lib/hooks/use-session.ts lands (shell engineer): the workspace's zone comes from
// useSession().workspace.timezone. Meanwhile the device's zone stands in.
export function useWorkspaceZone(): string | undefined {
  return typeof window === "undefined" ? undefined : browserZone();
}
