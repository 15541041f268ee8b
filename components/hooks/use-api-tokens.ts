"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { ApiTokenView } from "@/lib/schemas/workspace-settings";

export const API_TOKENS_KEY = ["api-tokens"] as const;

// GET /api/workspace/tokens – the workspace's tokens (never the secret)
export function useApiTokens() {
  return useQuery({
    queryKey: API_TOKENS_KEY,
    queryFn: ({ signal }) => apiGet<{ tokens: ApiTokenView[] }>("/api/workspace/tokens", null, { signal }),
  });
}

// POST /api/workspace/tokens – the answer carries `token`, shown this once
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: "read" | "write" }) =>
      apiSend<ApiTokenView & { token: string }>("POST", "/api/workspace/tokens", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: API_TOKENS_KEY }),
  });
}

// DELETE /api/workspace/tokens/:id – revoke at once
export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiSend<{ id: string; revokedAt: string }>("DELETE", `/api/workspace/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: API_TOKENS_KEY }),
  });
}
