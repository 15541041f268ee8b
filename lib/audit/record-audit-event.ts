import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The actions the audit log records (issue 12: membership, role, token and settings changes). Dotted
 * `<thing>.<what happened>`, past tense.
 */
export type AuditAction =
  | "member.invited"
  | "member.joined"
  | "member.role_changed"
  | "member.removed"
  | "ownership.transferred"
  | "token.created"
  | "token.revoked"
  | "settings.changed"
  | "workspace.created"
  | "member.added"
  | "password.reset_requested"
  | "password.reset"
  | "password.set"
  | (string & {});

/**
 * `details.by` of an event the operator CLI (`npm run cadence`, scripts/cadence.ts) caused: its actor is null, and
 * this says it was the CLI rather than an API token or someone not signed in.
 */
export const CLI_ACTOR = "cli";

/**
 * Appends one event to the workspace's audit log: who (`actorUserId`, null for the operator CLI or a token),
 * what (`action`, `target` such as "user:<id>" or "token:<id>", `details`: small JSON such as
 * `{ from: "EDITOR", to: "VIEWER" }`), when (now, by the database clock). Pass the transaction client as `db` so
 * the event is written with the change it records, or not at all. Never holds secrets.
 */
export async function recordAuditEvent({
  db,
  workspaceId,
  actorUserId,
  action,
  target = null,
  details,
}: {
  db: Pick<Db, "auditEvent">;
  workspaceId: string;
  actorUserId: string | null;
  action: AuditAction;
  target?: string | null;
  details?: Prisma.InputJsonValue;
}): Promise<void> {
  await db.auditEvent.create({ data: { workspaceId, actorUserId, action, target, details } });
}
