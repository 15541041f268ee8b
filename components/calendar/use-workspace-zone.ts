"use client";

import { useSession } from "@/components/hooks/use-session";

/** The active workspace's IANA zone: the calendar's default zone and the composer's default. */
export function useWorkspaceZone(): string {
  return useSession().workspace.timezone;
}
