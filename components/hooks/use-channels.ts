"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { ChannelResponse } from "@/lib/schemas/channels";

/**
 * A channel as the dashboard shows it (GET /api/channels). `canPublish` is false when posts cannot be scheduled to
 * it (its platform has no adapter yet, it needs reconnecting, it is disabled) and `cannotPublishReason` then names
 * the channel and why ("X main: X (Twitter) can't be published to yet"), the same words as the API's 422.
 */
export type ChannelView = ChannelResponse & { canPublish: boolean; cannotPublishReason: string | null };

export const CHANNELS_KEY = ["channels"] as const;

// GET /api/channels – the workspace's channels for the composer's picker (the session cookie authenticates)
export function useChannels() {
  return useQuery({
    queryKey: CHANNELS_KEY,
    queryFn: async ({ signal }) =>
      (await apiGet<{ channels: ChannelView[] }>("/api/channels", null, { signal })).channels,
    staleTime: 30_000,
  });
}

/** A channel's publishing quota as GET /api/channels/:id/quota answers it. */
export type ChannelQuota = { usage: number; total: number; durationSec: number };

// GET /api/channels/:id/quota – only for channels whose platform reports one (ChannelView.reportsQuota)
export function useChannelQuota(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...CHANNELS_KEY, channelId, "quota"],
    queryFn: ({ signal }) => apiGet<ChannelQuota>(`/api/channels/${channelId}/quota`, null, { signal }),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}
