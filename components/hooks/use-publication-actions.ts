"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { ATTENTION_KEY } from "@/components/hooks/use-attention";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
      queryClient.invalidateQueries({ queryKey: ATTENTION_KEY }),
    ]);
}

export type RetryInput = { id: string; channelIds?: string[]; publishAgainAnyway?: boolean };

// POST /api/posts/:id/retry – republish the failed channels of the latest publication (only those)
export function useRetryPublication() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, channelIds, publishAgainAnyway }: RetryInput) =>
      apiSend<PostView>("POST", `/api/posts/${id}/retry`, {
        ...(channelIds ? { channelIds } : {}),
        ...(publishAgainAnyway ? { publishAgainAnyway } : {}),
      }),
    onSettled: invalidate,
  });
}

export type ResolveInput = { id: string; resultId: string; as: "published" | "not_published"; url?: string };

// POST /api/posts/:id/results/:resultId/resolve – a person checked the network for an UNCONFIRMED channel
export function useResolveResult() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, resultId, as, url }: ResolveInput) =>
      apiSend<PostView>("POST", `/api/posts/${id}/results/${resultId}/resolve`, { as, ...(url ? { url } : {}) }),
    onSettled: invalidate,
  });
}
