"use client";

import { useSession } from "@/components/hooks/use-session";
import { type Permission, roleCan } from "@/lib/auth/permissions";

/** Whether the signed-in person's role in the active workspace allows `permission` (the dashboard hides or disables). */
export function useCan(permission: Permission): boolean {
  const { workspace, workspaces } = useSession();
  const role = workspaces.find((w) => w.id === workspace.id)?.role;
  return role ? roleCan(role, permission) : false;
}
