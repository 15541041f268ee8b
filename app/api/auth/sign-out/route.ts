import { publicRoute } from "@/lib/api/route";
import { assertSameOrigin, clearSessionCookie, readSessionToken } from "@/lib/api/session";
import { signOut } from "@/lib/auth/sign-out";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/auth/sign-out – end the session (the token is deleted) and clear the cookie; 204 even if none
export const POST = publicRoute({}, async ({ req, db }) => {
  assertSameOrigin(req);
  await signOut({ db, token: readSessionToken(req) });
  return clearSessionCookie(new Response(null, { status: 204 }), req);
});
