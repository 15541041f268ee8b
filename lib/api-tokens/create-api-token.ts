import { generateApiToken } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import type { TokenScope } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";

export type CreatedApiToken = { id: string; name: string; prefix: string; scope: TokenScope; token: string };

/**
 * A new API token for the workspace. `token` is returned this once; only its hash is stored. `scope` (default
 * "write"): "read" tokens may only use *:read permissions (lib/auth/permissions.ts). 404 for an unknown workspace.
 */
export async function createApiToken({
  db,
  workspaceId,
  name,
  scope = "write",
}: {
  db: Pick<Db, "apiToken" | "workspace">;
  workspaceId: string;
  name: string;
  scope?: TokenScope;
}): Promise<CreatedApiToken> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!workspace) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  const { token, hash, prefix } = generateApiToken();
  const row = await db.apiToken.create({ data: { workspaceId, name, tokenHash: hash, prefix, scope } });
  return { id: row.id, name: row.name, prefix: row.prefix, scope: row.scope, token };
}
