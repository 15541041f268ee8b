import { cookies } from "next/headers";
import { getSessionFromCookie } from "@/lib/auth/get-session";
import { SESSION_COOKIE } from "@/lib/auth/session-token";
import { buildSessionView, type SessionView } from "@/lib/auth/session-view";
import { getPrisma } from "@/lib/db/prisma";

/**
 * The signed-in person for a server component (layout, page), or null. Read-only: a page cannot send the cookie
 * again, so extending the session is left to the next API call.
 */
export async function getPageSession(): Promise<SessionView | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const db = getPrisma();
  const session = await getSessionFromCookie({ db, token, slide: false });
  if (!session) return null;
  return buildSessionView({ db, user: session.user, workspaceId: session.workspace.id });
}
