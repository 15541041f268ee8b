import type { MembershipRole } from "@/lib/generated/prisma/enums";

/** How long an invitation link works (issue 12: expiring, single use). */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  createdAt: true,
  invitedBy: { select: { id: true, name: true, email: true } },
} as const;

type Row = {
  id: string;
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  invitedBy: { id: string; name: string; email: string } | null;
};

export function invitationStatus(
  row: Pick<Row, "acceptedAt" | "revokedAt" | "expiresAt">,
  now: Date,
): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** The API's shape of an invitation (never its token or hash). */
export function toInvitationView(row: Row, now = new Date()) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export type InvitationView = ReturnType<typeof toInvitationView>;
