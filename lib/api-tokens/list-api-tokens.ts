import type { Db } from "@/lib/db/prisma";

/** The workspace's tokens as a person may see them: prefix, name, dates. Never the token or its hash. */
export async function listApiTokens({ db, workspaceId }: { db: Db; workspaceId: string }) {
  return db.apiToken.findMany({
    where: { workspaceId },
    select: { id: true, name: true, prefix: true, scope: true, lastUsedAt: true, revokedAt: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}
