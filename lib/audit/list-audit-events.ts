import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

export type AuditEventView = {
  id: string;
  action: string;
  target: string | null;
  details: unknown;
  createdAt: Date;
  actor: { id: string; name: string; email: string } | null;
};

/**
 * One page of the workspace's audit log, newest first (createdAt, then id, descending). `cursor`: the `nextCursor`
 * of the previous page (an event id of this workspace; another id is 400). `limit`: 1–100.
 * Returns `{ items, nextCursor }`; `nextCursor` is null on the last page.
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
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
