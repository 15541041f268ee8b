"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import { SESSION_KEY } from "@/components/hooks/use-session";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

export type TeamMember = {
  userId: string;
  name: string;
  email: string;
  role: MembershipRole;
  joinedAt: string;
  lastActiveAt: string | null;
};

export const MEMBERS_KEY = ["workspace-members"] as const;

// GET /api/workspace/members – the team with roles and last activity
export function useMembers() {
  return useQuery({
    queryKey: MEMBERS_KEY,
    queryFn: ({ signal }) => apiGet<{ members: TeamMember[] }>("/api/workspace/members", null, { signal }),
    select: (data) => data.members,
  });
}

// PATCH /api/workspace/members/:userId – change a member's role
export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: MembershipRole }) =>
      apiSend<{ userId: string; role: MembershipRole }>("PATCH", `/api/workspace/members/${userId}`, { role }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: MEMBERS_KEY }), refreshSession(queryClient)]),
  });
}

// DELETE /api/workspace/members/:userId – remove a member (their sessions here end at once)
export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiSend<{ sessionsEnded: number }>("DELETE", `/api/workspace/members/${userId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: MEMBERS_KEY }),
  });
}

// POST /api/workspace/ownership – hand ownership to another member (the caller becomes an Admin)
export function useTransferOwnership() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => apiSend<unknown>("POST", "/api/workspace/ownership", { userId }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: MEMBERS_KEY }), refreshSession(queryClient)]),
  });
}

/** The caller's own role may have changed: the session view (role, permissions) is read again. */
function refreshSession(queryClient: ReturnType<typeof useQueryClient>) {
  return queryClient.invalidateQueries({ queryKey: SESSION_KEY });
}
