import { generateSessionToken, SESSION_COOKIE, SESSION_TTL_MS } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

/** Same-origin headers for a cookie-authenticated write (lib/api/session.ts assertSameOrigin). */
export const SAME_ORIGIN = { origin: "http://localhost", host: "localhost" };

/**
 * Gives an existing user `role` in `workspaceId` and a signed-in session there (as sign-in would make it, without
 * the password round trip): returns the `cookie` header value and the session id.
 */
export async function signInAs(
  db: Db,
  { userId, workspaceId, role }: { userId: string; workspaceId: string; role: MembershipRole },
): Promise<{ cookie: string; sessionId: string }> {
  await db.membership.upsert({
    where: { userId_workspaceId: { userId, workspaceId } },
    create: { userId, workspaceId, role },
    update: { role },
  });
  const { token, hash } = generateSessionToken();
  const session = await db.session.create({
    data: { tokenHash: hash, userId, workspaceId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
}
