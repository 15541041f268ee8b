"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import { POLL_MS } from "@/components/hooks/poll";
import type { FailureWebhookView } from "@/lib/failure-webhook/failure-webhook-view";
import type { NotificationKind } from "@/lib/notifications/types";
import type { NotificationListResponse, PreferencesResponse } from "@/lib/schemas/notifications";

export const NOTIFICATIONS_KEY = ["notifications"] as const;
export const NOTIFICATION_PREFERENCES_KEY = ["notification-preferences"] as const;
export const FAILURE_WEBHOOK_KEY = ["failure-webhook"] as const;

// GET /api/notifications – my newest notifications in this workspace and the unread count, re-read every POLL_MS
export function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ signal }) => apiGet<NotificationListResponse>("/api/notifications?limit=20", null, { signal }),
    refetchInterval: POLL_MS,
  });
}

// POST /api/notifications/read – { ids } or { all: true }
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: string[] } | { all: true }) =>
      apiSend<{ updated: number; unreadCount: number }>("POST", "/api/notifications/read", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

// GET /api/notifications/preferences – my choice per kind
export function useNotificationPreferences() {
  return useQuery({
    queryKey: NOTIFICATION_PREFERENCES_KEY,
    queryFn: ({ signal }) => apiGet<PreferencesResponse>("/api/notifications/preferences", null, { signal }),
  });
}

// PUT /api/notifications/preferences – save my choice for the given kinds
export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: { kind: NotificationKind; inApp: boolean; email: boolean }[]) =>
      apiSend<PreferencesResponse>("PUT", "/api/notifications/preferences", { preferences }),
    onSuccess: (saved) => queryClient.setQueryData(NOTIFICATION_PREFERENCES_KEY, saved),
  });
}

// GET /api/workspace/failure-webhook – its URL (never the secret)
export function useFailureWebhook(enabled: boolean) {
  return useQuery({
    queryKey: FAILURE_WEBHOOK_KEY,
    queryFn: ({ signal }) => apiGet<FailureWebhookView>("/api/workspace/failure-webhook", null, { signal }),
    enabled,
  });
}

// PUT /api/workspace/failure-webhook – set the URL; `secret` is in the answer when one was made
export function useSaveFailureWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; rotateSecret?: boolean }) =>
      apiSend<FailureWebhookView>("PUT", "/api/workspace/failure-webhook", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FAILURE_WEBHOOK_KEY }),
  });
}

// DELETE /api/workspace/failure-webhook
export function useDeleteFailureWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<void>("DELETE", "/api/workspace/failure-webhook"),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FAILURE_WEBHOOK_KEY }),
  });
}

// POST /api/workspace/failure-webhook/test – one signed test event now
export function useTestFailureWebhook() {
  return useMutation({
    mutationFn: () =>
      apiSend<{ ok: boolean; status: number | null; error?: string }>("POST", "/api/workspace/failure-webhook/test"),
  });
}
