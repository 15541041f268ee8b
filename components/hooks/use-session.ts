"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, createElement, type ReactNode, useContext } from "react";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { SessionView } from "@/lib/auth/session-view";

export type { SessionView, WorkspaceSummary } from "@/lib/auth/session-view";

/** Query key of GET /api/auth/session. Everything else is reset when the workspace changes. */
export const SESSION_KEY = ["session"] as const;

const SessionContext = createContext<SessionView | null>(null);

/** Set by the dashboard layout with the session it read on the server, so useSession() never waits. */
export function SessionProvider({ initial, children }: { initial: SessionView; children: ReactNode }) {
  return createElement(SessionContext.Provider, { value: initial }, children);
}

// GET /api/auth/session – the signed-in user, active workspace and the workspaces they may switch to
export function useSessionQuery() {
  const initial = useContext(SessionContext);
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => apiGet<SessionView>("/api/auth/session", null, { signal }),
    initialData: initial ?? undefined,
    staleTime: 60_000,
  });
}

/**
 * `{ user, workspace: { id, name, timezone }, workspaces }` of the signed-in person. Available at once on every
 * dashboard page (the layout provides it); use `workspace.timezone` as the default zone for showing times.
 */
export function useSession(): SessionView {
  const initial = useContext(SessionContext);
  const query = useSessionQuery();
  const data = query.data ?? initial;
  if (!data) throw new Error("useSession() is only available inside the dashboard layout (SessionProvider)");
  return data;
}

// POST /api/auth/workspace – switch the active workspace; every other query is reset (no data of the previous
// workspace stays on screen) and refetched for the new one.
export function useSwitchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => apiSend<SessionView>("POST", "/api/auth/workspace", { workspaceId }),
    onSuccess: async (view) => {
      queryClient.setQueryData(SESSION_KEY, view);
      await queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

// POST /api/auth/sign-out – end the session, drop every cached answer, go to the sign-in page
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<void>("POST", "/api/auth/sign-out"),
    onSettled: () => {
      queryClient.clear();
      window.location.assign("/sign-in");
    },
  });
}
