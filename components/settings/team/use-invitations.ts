"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import type { InvitationView } from "@/lib/invitations/invitation-view";
import type { InvitationDelivery } from "@/lib/invitations/send-invitation-email";

export type Invitation = InvitationView;
export type InvitationAnswer = { invitation: Invitation; delivery: InvitationDelivery };

export const INVITATIONS_KEY = ["workspace-invitations"] as const;

// GET /api/workspace/invitations – every invitation with its status, newest first
export function useInvitations() {
  return useQuery({
    queryKey: INVITATIONS_KEY,
    queryFn: ({ signal }) => apiGet<{ invitations: Invitation[] }>("/api/workspace/invitations", null, { signal }),
    select: (data) => data.invitations,
  });
}

// POST /api/workspace/invitations – invite an email with a role; answers the link when no mail was sent
export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: Exclude<MembershipRole, "OWNER"> }) =>
      apiSend<InvitationAnswer>("POST", "/api/workspace/invitations", body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
}

// POST /api/workspace/invitations/:id/resend – a new link and 7 more days; the old link stops working
export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<InvitationAnswer>("POST", `/api/workspace/invitations/${id}/resend`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
}

// DELETE /api/workspace/invitations/:id – revoke; its link stops working
export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiSend<{ invitation: Invitation }>("DELETE", `/api/workspace/invitations/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
}
