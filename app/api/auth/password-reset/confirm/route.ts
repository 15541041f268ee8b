import { publicRoute } from "@/lib/api/route";
import { clearSessionCookie } from "@/lib/api/session";
import { resetPassword } from "@/lib/password-reset/reset-password";
import { passwordResetConfirmBody } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/auth/password-reset/confirm – set a new password with a reset link's token; every session of that user ends
export const POST = publicRoute(
  { body: passwordResetConfirmBody },
  async ({ req, db, body }) => {
    const { sessionsEnded } = await resetPassword({ db, token: body.token, password: body.password });
    return clearSessionCookie(Response.json({ passwordChanged: true, sessionsEnded }), req);
  },
  { sameOrigin: true },
);
