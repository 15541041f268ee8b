"use client";

import { useSession } from "@/components/hooks/use-session";
import type { Permission } from "@/lib/auth/permissions";

/**
 * True when the signed-in person's role in the active workspace has `permission` (from the session view). Only
 * for showing or hiding controls: the API enforces every permission itself (403).
 */
export function useCan(permission: Permission): boolean {
  return useSession().workspace.permissions.includes(permission);
}
