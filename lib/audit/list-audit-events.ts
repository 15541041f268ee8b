import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

const USER_TARGET = "user:";

export type AuditEventView = {
  id: string;
  action: string;
  target: string | null;
  details: unknown;
  createdAt: Date;
  actor: { id: string; name: string; email: string } | null;
  /** For a target "user:<id>": that person (null when the account is gone, or the target is not a person). */
  targetUser: { id: string; name: string; email: string } | null;
};

/**
 * One page of the workspace's audit log, newest first (createdAt, then id, descending). `cursor`: the `nextCursor`
 * of the previous page (an event id of this workspace; another id is 400). `limit`: 1–100.
 * Returns `{ items, nextCursor }`; `nextCursor` is null on the last page. An event about a person (target
 * "user:<id>") names them in `targetUser` (the account as it is now), so the log reads without looking ids up.
 */
export async function listAuditEvents({
  db,
  workspaceId,
  limit,
  cursor,
}: {
  db: Db;
  workspaceId: string;
  limit: number;
  cursor?: string;
}): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  if (cursor) {
    const at = await db.auditEvent.findFirst({ where: { id: cursor, workspaceId }, select: { id: true } });
    if (!at) throw new ApiError("invalid_request", "Invalid query: cursor is not an event of this workspace");
  }
  const rows = await db.auditEvent.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      action: true,
      target: true,
      details: true,
      createdAt: true,
      actor: { select: { id: true, name: true, email: true } },
    },
  });
  const page = rows.slice(0, limit);
  const userIds = [
    ...new Set(page.flatMap((e) => (e.target?.startsWith(USER_TARGET) ? [e.target.slice(USER_TARGET.length)] : []))),
  ];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const items = page.map((e) => ({
    ...e,
    targetUser: e.target?.startsWith(USER_TARGET) ? (byId.get(e.target.slice(USER_TARGET.length)) ?? null) : null,
  }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
