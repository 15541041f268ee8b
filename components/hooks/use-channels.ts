"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { ChannelResponse } from "@/lib/schemas/channels";

export type ChannelView = ChannelResponse;

// GET /api/channels – the workspace's channels for the composer's picker (the session cookie authenticates)
export function useChannels() {
  return useQuery({
    queryKey: ["channels"],
    queryFn: async ({ signal }) =>
      (await apiGet<{ channels: ChannelView[] }>("/api/channels", null, { signal })).channels,
    staleTime: 30_000,
  });
}
