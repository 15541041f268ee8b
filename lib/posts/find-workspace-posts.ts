import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The live (not deleted) posts of `workspaceId` with these ids, in the order of `ids`, each with `include` — for
 * actions on several posts at once (POST /api/posts/bulk, POST /api/queue/reorder), which act on all or none.
 * @throws ApiError not_found (404) naming every id that is not a live post of this workspace (another workspace's
 *   post included), `details.posts: [{ postId, message }]`; nothing is read past that.
 */
export async function findWorkspacePosts<I extends Prisma.PostInclude>({
  db,
  workspaceId,
  ids,
  include,
}: {
  db: Db;
  workspaceId: string;
  ids: readonly string[];
  include: I;
}): Promise<Prisma.PostGetPayload<{ include: I }>[]> {
  const found = (await db.post.findMany({
    where: { id: { in: [...ids] }, workspaceId, deletedAt: null },
    include,
  })) as Prisma.PostGetPayload<{ include: I }>[];
  const byId = new Map(found.map((p) => [p.id, p]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const posts = missing.map((postId) => ({ postId, message: "not found in this workspace" }));
    throw new ApiError("not_found", `${missing.length} of the posts were not found: ${missing.join(", ")}`, { posts });
  }
  return ids.map((id) => byId.get(id) as Prisma.PostGetPayload<{ include: I }>);
}
