/**
 * The roles an invitation may give (no OWNER: ownership is transferred, never invited). A file of its own with no
 * imports, so the dashboard's invite form and the API schema (lib/schemas/invitations.ts) share one list.
 */
export const INVITABLE_ROLES = ["ADMIN", "EDITOR", "VIEWER", "APPROVER"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
