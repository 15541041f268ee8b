import { ApiError } from "@/lib/api/errors";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

// THE PERMISSION CONTRACT of issue 12 (docs: /work/wt/ISSUE12.md). The `roles` branch owns this file; this is the
// minimal version the `settings` branch needs to compile, with exactly the contract's shape. The lead keeps roles'.

export type Permission =
  | "posts:read"
  | "posts:write"
  | "posts:schedule"
  | "posts:approve"
  | "channels:read"
  | "channels:manage"
  | "media:read"
  | "media:write"
  | "members:read"
  | "members:manage"
  | "ownership:transfer"
  | "tokens:manage"
  | "settings:read"
  | "settings:manage"
  | "audit:read";

const READS: Permission[] = ["posts:read", "channels:read", "media:read", "members:read", "settings:read"];

const BY_ROLE: Record<MembershipRole, ReadonlySet<Permission>> = {
  OWNER: new Set<Permission>([
    ...READS,
    "posts:write",
    "posts:schedule",
    "posts:approve",
    "channels:manage",
    "media:write",
    "members:manage",
    "ownership:transfer",
    "tokens:manage",
    "settings:manage",
    "audit:read",
  ]),
  ADMIN: new Set<Permission>([
    ...READS,
    "posts:write",
    "posts:schedule",
    "posts:approve",
    "channels:manage",
    "media:write",
    "members:manage",
    "tokens:manage",
    "settings:manage",
    "audit:read",
  ]),
  EDITOR: new Set<Permission>([...READS, "posts:write", "posts:schedule", "media:write"]),
  VIEWER: new Set<Permission>(READS),
  APPROVER: new Set<Permission>([...READS, "posts:approve"]),
};

const ROLE_NAMES: Record<MembershipRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  APPROVER: "Approver",
};

/** True when a member with `role` may do `permission`. */
export function roleCan(role: MembershipRole, permission: Permission): boolean {
  return BY_ROLE[role].has(permission);
}

// What an API token may do: a "read" token only the *:read permissions; a "write" token what an Admin may, but
// never manage members, tokens or ownership (a leaked token must not mint tokens or let someone in).
const NEVER_BY_TOKEN = new Set<Permission>(["members:manage", "ownership:transfer", "tokens:manage"]);

function tokenCan(scope: "read" | "write", permission: Permission): boolean {
  if (scope === "read") return permission.endsWith(":read");
  return !NEVER_BY_TOKEN.has(permission) && roleCan("ADMIN", permission);
}

/**
 * Throws 403 ApiError "forbidden" naming the missing permission ("your role (Viewer) cannot posts:write") unless the
 * caller — a member (`role`) or an API token (`tokenScope`) — may do `permission`.
 */
export function requirePermission(
  workspace: { role: MembershipRole | null; tokenScope: "read" | "write" | null },
  permission: Permission,
): void {
  if (workspace.role) {
    if (roleCan(workspace.role, permission)) return;
    throw new ApiError("forbidden", `your role (${ROLE_NAMES[workspace.role]}) cannot ${permission}`, { permission });
  }
  if (workspace.tokenScope && tokenCan(workspace.tokenScope, permission)) return;
  throw new ApiError("forbidden", `this API token (scope ${workspace.tokenScope ?? "none"}) cannot ${permission}`, {
    permission,
  });
}
