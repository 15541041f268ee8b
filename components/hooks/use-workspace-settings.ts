"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import { SESSION_KEY, type SessionView } from "@/components/hooks/use-session";
import type { UpdateWorkspaceInput, WorkspaceSettingsView } from "@/lib/schemas/workspace-settings";

export const WORKSPACE_SETTINGS_KEY = ["workspace-settings"] as const;

// GET /api/workspace – name, time zone, week start, default channels of the active workspace
export function useWorkspaceSettings() {
  return useQuery({
    queryKey: WORKSPACE_SETTINGS_KEY,
    queryFn: ({ signal }) => apiGet<WorkspaceSettingsView>("/api/workspace", null, { signal }),
  });
}

// PATCH /api/workspace – the session (calendar zone and week start, composer defaults, switcher name) and every
// query that shows times in the workspace's zone are refreshed.
export function useUpdateWorkspaceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateWorkspaceInput) => apiSend<WorkspaceSettingsView>("PATCH", "/api/workspace", changes),
    onSuccess: async (view) => {
      queryClient.setQueryData(WORKSPACE_SETTINGS_KEY, view);
      await queryClient.invalidateQueries();
    },
  });
}

// POST /api/workspaces – a new workspace, its creator the owner; the session switches to it, so every other query is
// reset (nothing of the previous workspace stays on screen), as when switching.
export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; timezone: string }) => apiSend<SessionView>("POST", "/api/workspaces", input),
    onSuccess: async (view) => {
      queryClient.setQueryData(SESSION_KEY, view);
      await queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}
