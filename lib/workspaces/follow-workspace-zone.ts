import type { Prisma } from "@/lib/generated/prisma/client";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { EVERGREEN_TAG } from "@/lib/schemas/evergreen";

/** The statuses of a post that has gone out or tried to: its zone is history and stays. */
const SETTLED: PostStatus[] = ["PUBLISHING", "PUBLISHED", "FAILED"];

/**
 * Part of a workspace time-zone change (run inside its transaction): sets `Post.timezone` to `timezone` on the
 * workspace's posts not yet published (every status but PUBLISHING, PUBLISHED and FAILED, so DRAFT, SCHEDULED and
 * a post in review) and on its evergreen posts of any status (tag "evergreen": they are scheduled again). Touches
 * neither `scheduledAt` (the instant) nor `version` (a queued job stays valid). Deleted posts are left alone.
 * Returns how many posts it changed.
 */
export async function followWorkspaceZone({
  db,
  workspaceId,
  timezone,
}: {
  db: Prisma.TransactionClient;
  workspaceId: string;
  timezone: string;
}): Promise<number> {
  const { count } = await db.post.updateMany({
    where: {
      workspaceId,
      deletedAt: null,
      OR: [{ status: { notIn: SETTLED } }, { tags: { has: EVERGREEN_TAG } }],
    },
    data: { timezone },
  });
  return count;
}
