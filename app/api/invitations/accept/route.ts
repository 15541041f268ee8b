import { publicRoute } from "@/lib/api/route";
import { readSessionToken, setSessionCookie } from "@/lib/api/session";
import { getSessionFromCookie } from "@/lib/auth/get-session";
import { openSession } from "@/lib/auth/open-session";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { acceptInvitationBody } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/invitations/accept – accept an invitation link: as the signed-in invitee, or as a new account (name,
// password; then signed in). The joined workspace becomes the session's active one.
export const POST = publicRoute(
  { body: acceptInvitationBody },
  async ({ req, db, body }) => {
    const session = await getSessionFromCookie({ db, token: readSessionToken(req), slide: false });
    const accepted = await acceptInvitation({
      db,
      token: body.token,
      signedIn: session ? { userId: session.user.id, email: session.user.email } : null,
      name: body.name,
      password: body.password,
    });
    const reply = {
      workspaceId: accepted.workspaceId,
      role: accepted.role,
      userId: accepted.userId,
      accountCreated: accepted.created,
    };
    if (session) {
      await db.session.update({ where: { id: session.sessionId }, data: { workspaceId: accepted.workspaceId } });
      return reply;
    }
    const opened = await openSession({ db, userId: accepted.userId, workspaceId: accepted.workspaceId });
    return setSessionCookie(Response.json(reply, { status: 201 }), opened.token, opened.expiresAt, req);
  },
  // Same-origin only, before the body is read: another site must not make a visitor accept (or sign up) for it.
  { sameOrigin: true },
);
