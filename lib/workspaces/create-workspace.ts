import { ApiError } from "@/lib/api/errors";
import { type CreatedApiToken, createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Db } from "@/lib/db/prisma";
import type { Workspace } from "@/lib/generated/prisma/client";
import { isValidTimeZone } from "@/lib/time/time-zone";

/** A workspace and its first API token, together or not at all. The token is in the result this once. */
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
    return { workspace, token };
  });
}
