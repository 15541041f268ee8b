"use client";

import { useQuery } from "@tanstack/react-query";
import type { SessionView } from "@/lib/auth/session-view";
import { apiGet } from "@/lib/hooks/api-fetch";

// The active workspace's time zone, which Insights and Evergreen show times in by default.
// GET /api/auth/session – read here until the app shell's useSession lands; then this delegates to it.
export function useWorkspaceTimezone(): { timezone: string | null; workspaceId: string | null; error: Error | null } {
  const session = useQuery({
    queryKey: ["session"],
    queryFn: ({ signal }) => apiGet<SessionView>("/api/auth/session", null, { signal }),
    staleTime: 60_000,
  });
  return {
    timezone: session.data?.workspace.timezone ?? null,
    workspaceId: session.data?.workspace.id ?? null,
    error: session.error,
  };
}

/** The browser's zone, for "my local time" next to the workspace's. */
export function browserTimezone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}
