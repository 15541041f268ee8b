import type { MembershipRole } from "@/lib/generated/prisma/enums";

const LABELS: Record<MembershipRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  APPROVER: "Approver",
};

/** A role as people read it ("Editor"). */
export function roleLabel(role: MembershipRole): string {
  return LABELS[role];
}
