import { generateApiToken } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

export type CreatedApiToken = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  token: string;
  createdAt: Date;
};

/**
 * A new API token for the workspace. `token` is returned this once; only its hash is stored. `scope` "read" (GET
 * only) or "write" (read and write; the default, what the CLI makes). Unknown workspace: 404.
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
  scope?: "read" | "write";
}): Promise<CreatedApiToken> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!workspace) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  const { token, hash, prefix } = generateApiToken();
  const row = await db.apiToken.create({
    data: { workspaceId, name, tokenHash: hash, prefix, scope: scope === "read" ? "READ" : "WRITE" },
  });
  return { id: row.id, name: row.name, prefix: row.prefix, scope, token, createdAt: row.createdAt };
}
