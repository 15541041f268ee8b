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
