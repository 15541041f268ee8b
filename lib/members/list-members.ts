import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

export type MemberView = {
  userId: string;
  name: string;
  email: string;
  role: MembershipRole;
  joinedAt: Date;
  /**
   * When the member last used Cadence: the latest `lastSeenAt` of their sessions (any workspace), or null. A day's
   * resolution: a session records its use when it is extended, at most once a day (lib/auth/get-session.ts).
   */
  lastActiveAt: Date | null;
};

const ROLE_ORDER: Record<MembershipRole, number> = { OWNER: 0, ADMIN: 1, EDITOR: 2, APPROVER: 3, VIEWER: 4 };

/** The workspace's members, Owners first, then by name and email. Never password hashes or session tokens. */
export async function listMembers({ db, workspaceId }: { db: Db; workspaceId: string }): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  const seen = await db.session.groupBy({
    by: ["userId"],
    where: { userId: { in: rows.map((r) => r.user.id) } },
    _max: { lastSeenAt: true },
  });
  const lastSeen = new Map(seen.map((s) => [s.userId, s._max.lastSeenAt]));
  return rows
    .map((r) => ({
      userId: r.user.id,
      name: r.user.name,
      email: r.user.email,
      role: r.role,
      joinedAt: r.createdAt,
      lastActiveAt: lastSeen.get(r.user.id) ?? null,
    }))
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || a.email.localeCompare(b.email),
    );
}
