import { ApiError } from "@/lib/api/errors";
import { type CreatedApiToken, createApiToken } from "@/lib/api-tokens/create-api-token";
import { CLI_ACTOR, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";
import type { Workspace } from "@/lib/generated/prisma/client";
import { isValidTimeZone } from "@/lib/time/time-zone";

/**
 * The operator CLI's `workspace create`: a workspace and its first API token, together or not at all, with
 * "workspace.created" and "token.created" in its audit log (actor null, `details.by` "cli"). The token is in the
 * result this once. (The dashboard's "New workspace" is createOwnedWorkspace: its creator becomes the owner.)
 */
export async function createWorkspace({
  db,
  name,
  timezone = "UTC",
  tokenName = "default",
}: {
  db: Db;
  name: string;
  timezone?: string;
  tokenName?: string;
}): Promise<{ workspace: Workspace; token: CreatedApiToken }> {
  if (name.trim() === "") throw new ApiError("invalid_request", "Workspace name must not be empty");
  if (!isValidTimeZone(timezone)) {
    throw new ApiError("invalid_request", `Unknown time zone "${timezone}": use an IANA name such as Europe/Berlin`);
  }
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { name: name.trim(), timezone } });
    const token = await createApiToken({ db: tx, workspaceId: workspace.id, name: tokenName });
    await recordAuditEvent({
      db: tx,
      workspaceId: workspace.id,
      actorUserId: null,
      action: "workspace.created",
      target: `workspace:${workspace.id}`,
      details: { name: workspace.name, timezone, by: CLI_ACTOR },
    });
    await recordAuditEvent({
      db: tx,
      workspaceId: workspace.id,
      actorUserId: null,
      action: "token.created",
      target: `token:${token.id}`,
      details: { name: token.name, prefix: token.prefix, scope: token.scope, by: CLI_ACTOR },
    });
    return { workspace, token };
  });
}
