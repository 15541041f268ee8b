import type { Db } from "@/lib/db/prisma";

/** Every workspace with its token counts (an operator's view, for the CLI). */
export async function listWorkspaces({ db }: { db: Db }) {
  const workspaces = await db.workspace.findMany({
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { apiTokens: { where: { revokedAt: null } }, channels: true, posts: true } } },
  });
  return workspaces.map(({ _count, ...w }) => ({
    ...w,
    activeTokens: _count.apiTokens,
    channels: _count.channels,
    posts: _count.posts,
  }));
}
