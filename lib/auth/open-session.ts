import { generateSessionToken, SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/prisma";

/**
 * A new session of `userId` in `workspaceId` (the caller has checked the membership): returns the plain token for the
 * cookie; only its SHA-256 is stored (lib/auth/session-token.ts).
 */
export async function openSession({
  db,
  userId,
  workspaceId,
  now = new Date(),
}: {
  db: Db;
  userId: string;
  workspaceId: string;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({
    data: { tokenHash: hash, userId, workspaceId, expiresAt, createdAt: now, lastSeenAt: now },
  });
  return { token, expiresAt };
}
