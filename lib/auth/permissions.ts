import { ApiError } from "@/lib/api/errors";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

// Who may do what in a workspace: one table, role → permissions. Every /api route names the one permission it
// needs (lib/api/route-permissions.ts) and workspaceRoute checks it with requirePermission before the handler runs.

/** An action on one kind of thing in a workspace, `<thing>:<verb>`. `*:read` permissions never change anything. */
export type Permission =
  | "posts:read"
  | "posts:write"
  | "posts:schedule"
  | "posts:approve"
  | "posts:comment"
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

/** Every permission, in the order the README's table lists them. */
export const PERMISSIONS: readonly Permission[] = [
  "posts:read",
  "posts:write",
  "posts:schedule",
  "posts:approve",
  "posts:comment",
  "channels:read",
  "channels:manage",
  "media:read",
  "media:write",
  "members:read",
  "members:manage",
  "ownership:transfer",
  "tokens:manage",
  "settings:read",
  "settings:manage",
  "audit:read",
];

/** What only looks (no `*:read` permission writes anything): the whole of a Viewer's rights and a read token's. */
const READS: readonly Permission[] = ["posts:read", "channels:read", "media:read", "members:read", "settings:read"];

/**
 * The role table (issue 12): Owner everything; Admin everything but ownership:transfer; Editor creates, edits and
 * schedules posts, manages media and channels, and reads the team and settings; Viewer reads only; Approver
 * (a client) reads, comments on and approves posts. Everyone but a Viewer comments (posts:comment). With approvals
 * on (Workspace.approvalsRequired) whoever lacks posts:approve sends posts to review instead of scheduling them.
 * The audit log is for Owners and Admins.
 */
export const ROLE_PERMISSIONS: Readonly<Record<MembershipRole, ReadonlySet<Permission>>> = {
  OWNER: new Set(PERMISSIONS),
  ADMIN: new Set(PERMISSIONS.filter((p) => p !== "ownership:transfer")),
  EDITOR: new Set<Permission>([
    ...READS,
    "posts:write",
    "posts:schedule",
    "posts:comment",
    "channels:manage",
    "media:write",
  ]),
  VIEWER: new Set(READS),
  APPROVER: new Set<Permission>([...READS, "posts:approve", "posts:comment"]),
};

export type TokenScope = "read" | "write";

/**
 * What an API token may do. It belongs to the workspace, not to a person, so it never manages people or
 * credentials (members:manage, ownership:transfer, tokens:manage): a leaked token cannot mint another or change
 * the team. A "read" token may only use `*:read` permissions (and audit:read).
 */
export const TOKEN_SCOPE_PERMISSIONS: Readonly<Record<TokenScope, ReadonlySet<Permission>>> = {
  read: new Set<Permission>([...READS, "audit:read"]),
  write: new Set(
    PERMISSIONS.filter((p) => p !== "members:manage" && p !== "ownership:transfer" && p !== "tokens:manage"),
  ),
};

/** Human names for messages and the dashboard: OWNER → "Owner". */
export const ROLE_LABELS: Readonly<Record<MembershipRole, string>> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  APPROVER: "Approver",
};

/** True when `role` has `permission` in the role table. */
export function roleCan(role: MembershipRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** The permissions `role` has, in table order (the session view sends these to the dashboard). */
export function permissionsOf(role: MembershipRole): Permission[] {
  return PERMISSIONS.filter((p) => roleCan(role, p));
}

/** True when the caller (a member by role, an API token by scope) has `permission`; false for neither (fail closed). */
export function callerCan(
  workspace: { role: MembershipRole | null; tokenScope: TokenScope | null },
  permission: Permission,
): boolean {
  if (workspace.tokenScope !== null) return TOKEN_SCOPE_PERMISSIONS[workspace.tokenScope].has(permission);
  return workspace.role !== null && roleCan(workspace.role, permission);
}

/**
 * Throws 403 `forbidden` naming the missing permission unless the caller has it: a signed-in member by role
 * ("your role (Viewer) cannot posts:write"), an API token by scope ("this API token (scope read) cannot
 * posts:write"). A caller with neither a role nor a scope is refused (fail closed).
 */
export function requirePermission(
  workspace: { role: MembershipRole | null; tokenScope: TokenScope | null },
  permission: Permission,
): void {
  if (workspace.tokenScope !== null) {
    if (TOKEN_SCOPE_PERMISSIONS[workspace.tokenScope].has(permission)) return;
    throw new ApiError("forbidden", `this API token (scope ${workspace.tokenScope}) cannot ${permission}`, {
      missingPermission: permission,
    });
  }
  if (workspace.role !== null && roleCan(workspace.role, permission)) return;
  const who = workspace.role === null ? "no role" : ROLE_LABELS[workspace.role];
  throw new ApiError("forbidden", `your role (${who}) cannot ${permission}`, { missingPermission: permission });
}
