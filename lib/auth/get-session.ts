import { hashSessionToken, SESSION_REFRESH_MS, SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

export type ActiveSession = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string; timezone: string };
  /** The user's role in the session's active workspace. */
  role: MembershipRole;
  expiresAt: Date;
  /** True when this call extended the session: the caller should send the cookie again with `expiresAt`. */
  refreshed: boolean;
};

/**
 * The session a cookie token stands for, or null when it is unknown, expired, or its user is no longer a member
 * of its workspace. Extends a used session to a fresh 14 days, at most once a day (sliding expiry).
 */
export async function getSessionFromCookie({
  db,
  token,
  now = new Date(),
  slide = true,
}: {
  db: Db;
  token: string | null | undefined;
  now?: Date;
  /** False where the cookie cannot be sent again (a server component): the next API call extends it instead. */
  slide?: boolean;
}): Promise<ActiveSession | null> {
  if (!token || token.length > 200) return null;
  const row = await db.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true } },
      workspace: { select: { id: true, name: true, timezone: true } },
    },
  });
  if (!row) return null;
  if (row.expiresAt <= now) {
    await db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  const member = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: row.user.id, workspaceId: row.workspace.id } },
    select: { role: true },
  });
  if (!member) return null;

  let expiresAt = row.expiresAt;
  let refreshed = false;
  if (slide && now.getTime() - row.lastSeenAt.getTime() >= SESSION_REFRESH_MS) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    // Compare-and-set on lastSeenAt: of two parallel requests, one extends; the other keeps the old expiry.
    const { count } = await db.session.updateMany({
      where: { id: row.id, lastSeenAt: row.lastSeenAt },
      data: { lastSeenAt: now, expiresAt },
    });
    refreshed = count === 1;
    if (!refreshed) expiresAt = row.expiresAt;
  }
  return { sessionId: row.id, user: row.user, workspace: row.workspace, role: member.role, expiresAt, refreshed };
}
