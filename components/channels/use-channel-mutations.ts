"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import { CHANNELS_KEY, type ChannelView } from "@/components/hooks/use-channels";
import type { AffectedPost, ChannelDeleteResponse } from "@/lib/schemas/channels";
import type { AccountChoiceResponse, CompleteAccountChoiceResponse } from "@/lib/schemas/oauth-connect";

export type ChannelPatch = { displayName?: string; color?: string; active?: boolean; credentials?: unknown };
export type ChannelCreate = {
  platform: "WEBHOOK" | "SANDBOX";
  displayName: string;
  config?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
};
export type BlueskyConnect = { identifier: string; appPassword: string; service?: string; channelId?: string };
export type MastodonConnect = { serverUrl: string; channelId?: string };

/** Channel writes change the channel list, and a disable or disconnect can move posts: both are refetched. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: CHANNELS_KEY }),
      queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
    ]);
  };
}

// PATCH /api/channels/:id – rename, recolour, disable/enable, replace credentials (reconnect a webhook)
export function useUpdateChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ChannelPatch }) =>
      apiSend<ChannelView & { affectedPosts: AffectedPost[] }>("PATCH", `/api/channels/${id}`, patch),
    onSettled: invalidate,
  });
}

// DELETE /api/channels/:id – disconnect; answers the scheduled posts that changed
export function useDeleteChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => apiSend<ChannelDeleteResponse>("DELETE", `/api/channels/${id}`),
    onSettled: invalidate,
  });
}

// POST /api/channels – connect a webhook or sandbox channel
export function useCreateChannel() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ChannelCreate) => apiSend<ChannelView>("POST", "/api/channels", body),
    onSettled: invalidate,
  });
}

// POST /api/channels/connect/bluesky – connect (or, with channelId, reconnect) a Bluesky account: 201 channel
export function useConnectBluesky() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: BlueskyConnect) => apiSend<ChannelView>("POST", "/api/channels/connect/bluesky", body),
    onSettled: invalidate,
  });
}

// POST /api/channels/connect/mastodon – where to send the person to authorise Cadence on their server
export function useConnectMastodon() {
  return useMutation({
    mutationFn: (body: MastodonConnect) =>
      apiSend<{ authorizeUrl: string }>("POST", "/api/channels/connect/mastodon", body),
  });
}

// POST /api/channels/connect/:platform – where to send the person to sign in on an OAuth login (X, LinkedIn,
// Threads, Facebook and Instagram); with channelId, to reconnect that channel
export function useConnectOAuth() {
  return useMutation({
    mutationFn: ({ login, channelId }: { login: string; channelId?: string }) =>
      apiSend<{ authorizeUrl: string }>(
        "POST",
        `/api/channels/connect/${login.toLowerCase()}`,
        channelId ? { channelId } : {},
      ),
  });
}

// GET /api/channels/connect/choices/:id – the accounts one login brought, for the account picker
export function useAccountChoice(id: string | null) {
  return useQuery({
    queryKey: ["account-choice", id],
    queryFn: ({ signal }) =>
      apiGet<AccountChoiceResponse>(`/api/channels/connect/choices/${encodeURIComponent(id ?? "")}`, null, { signal }),
    enabled: id !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

// POST /api/channels/connect/choices/:id – connect the picked accounts
export function useCompleteAccountChoice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, accountIds }: { id: string; accountIds: string[] }) =>
      apiSend<CompleteAccountChoiceResponse>("POST", `/api/channels/connect/choices/${encodeURIComponent(id)}`, {
        accountIds,
      }),
    onSettled: invalidate,
  });
}
