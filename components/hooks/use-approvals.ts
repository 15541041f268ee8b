"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { ATTENTION_KEY } from "@/components/hooks/use-attention";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import { useSession } from "@/components/hooks/use-session";
import type { PostCommentView } from "@/lib/schemas/approvals";

export const COMMENTS_KEY = ["post-comments"] as const;

/**
 * True when what this person schedules goes to review first (README "Approvals"): the workspace requires approval
 * and their role lacks posts:approve. The composer then says "Submit for approval"; the API decides anyway.
 */
export function useNeedsApproval(): boolean {
  const { workspace } = useSession();
  return workspace.approvalsRequired && !workspace.permissions.includes("posts:approve");
}

// GET /api/posts/:id/comments – the post's thread, oldest first
export function usePostComments(postId: string | undefined) {
  return useQuery({
    queryKey: [...COMMENTS_KEY, postId],
    queryFn: ({ signal }) => apiGet<{ comments: PostCommentView[] }>(`/api/posts/${postId}/comments`, null, { signal }),
    enabled: postId !== undefined,
  });
}

// POST /api/posts/:id/comments – add a remark
export function useAddComment(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => apiSend<PostCommentView>("POST", `/api/posts/${postId}/comments`, { body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...COMMENTS_KEY, postId] }),
  });
}

export type ReviewDecision = { decision: "approve" | "request_changes"; comment?: string; version: number };

// POST /api/posts/:id/review – approve (scheduled) or request changes (draft); the calendar and thread follow
export function useReviewPost(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: ReviewDecision) => apiSend<PostView>("POST", `/api/posts/${postId}/review`, decision),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
        queryClient.invalidateQueries({ queryKey: [...COMMENTS_KEY, postId] }),
        queryClient.invalidateQueries({ queryKey: ATTENTION_KEY }),
      ]);
    },
  });
}
