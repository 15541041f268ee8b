import { ApiError } from "@/lib/api/errors";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

// The minimal permission table of issue 12's contract (ISSUE12.md), added on the invites branch only so its routes
// compile against the contract; the roles branch owns the real one and the lead keeps theirs at merge.

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

const READ: Permission[] = ["posts:read", "channels:read", "media:read", "members:read", "settings:read"];
const EDIT: Permission[] = [...READ, "posts:write", "posts:schedule", "media:write"];
const ADMIN: Permission[] = [
  ...EDIT,
  "posts:approve",
  "channels:manage",
  "members:manage",
  "tokens:manage",
  "settings:manage",
  "audit:read",
];

const TABLE: Record<MembershipRole, ReadonlySet<Permission>> = {
  OWNER: new Set([...ADMIN, "ownership:transfer"]),
  ADMIN: new Set(ADMIN),
  EDITOR: new Set(EDIT),
  VIEWER: new Set(READ),
  APPROVER: new Set([...READ, "posts:approve"]),
};

const ROLE_LABEL: Record<MembershipRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  APPROVER: "Approver",
};

export function roleCan(role: MembershipRole, permission: Permission): boolean {
  return TABLE[role].has(permission);
}

/**
 * Throws 403 ApiError "forbidden" naming the missing permission ("your role (Viewer) cannot posts:write").
 * An API token (role null) may read with scope "read", and write posts and media with scope "write"; it never
 * manages members, tokens, settings or ownership.
 */
export function requirePermission(
  workspace: { role: MembershipRole | null; tokenScope: "read" | "write" | null },
  permission: Permission,
): void {
  if (workspace.role) {
    if (roleCan(workspace.role, permission)) return;
    throw new ApiError("forbidden", `your role (${ROLE_LABEL[workspace.role]}) cannot ${permission}`);
  }
  const allowed = workspace.tokenScope === "write" ? EDIT : workspace.tokenScope === "read" ? READ : [];
  if (allowed.includes(permission)) return;
  throw new ApiError("forbidden", `your API token (scope ${workspace.tokenScope ?? "none"}) cannot ${permission}`);
}
