import type { Prisma } from "@/lib/generated/prisma/client";
import type { PostStatus } from "@/lib/generated/prisma/enums";

export type ScheduleChange = { id: string; version: number; status: PostStatus; at: Date };

/**
 * Compare-and-set of many posts in one statement: each post moves to SCHEDULED at `at`, version+1, only if it
 * still has the version and status it was read with (the same rule as schedulePost's updateMany, without a round
 * trip per post). Returns the ids that did not match — changed by someone else since they were read.
 * `status` IN_REVIEW (approvals: the caller lacks posts:approve) moves them to review instead, with the same time.
 * Either way the last review decision is cleared.
 */
export async function markPostsScheduled({
  tx,
  workspaceId,
  timezone,
  changes,
  status = "SCHEDULED",
}: {
  tx: Prisma.TransactionClient;
  workspaceId: string;
  timezone: string;
  changes: readonly ScheduleChange[];
  status?: "SCHEDULED" | "IN_REVIEW";
}): Promise<string[]> {
  if (changes.length === 0) return [];
  const updated = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Post" AS p
    SET "status" = ${status}::"PostStatus", "reviewState" = NULL, "scheduledAt" = v.at, "timezone" = ${timezone}, "version" = p."version" + 1,
        "leaseUntil" = NULL, "updatedAt" = now()
    FROM unnest(
      ${changes.map((c) => c.id)}::text[],
      ${changes.map((c) => c.version)}::int[],
      ${changes.map((c) => c.status)}::text[],
      ${changes.map((c) => c.at.toISOString())}::timestamptz[]
    ) AS v(id, version, status, at)
    WHERE p."id" = v.id AND p."workspaceId" = ${workspaceId} AND p."version" = v.version
      AND p."status"::text = v.status
    RETURNING p."id"`;
  const done = new Set(updated.map((row) => row.id));
  return changes.filter((c) => !done.has(c.id)).map((c) => c.id);
}
