import { clientAddress } from "@/lib/api/client-address";
import { publicRoute } from "@/lib/api/route";
import { setSessionCookie } from "@/lib/api/session";
import { signIn } from "@/lib/auth/sign-in";
import { getProducerRedis } from "@/lib/db/redis";
import { signInBody } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/auth/sign-in – check email + password, set the session cookie, return the session
export const POST = publicRoute(
  { body: signInBody },
  async ({ req, db, body }) => {
    const { token, expiresAt, view } = await signIn({
      db,
      redis: getProducerRedis(),
      email: body.email,
      password: body.password,
      address: clientAddress(req),
    });
    return setSessionCookie(Response.json(view, { headers: { "cache-control": "no-store" } }), token, expiresAt, req);
  },
  // Same-origin only, checked before the body is read: another site must not sign a visitor in to an account of
  // its choosing (login CSRF).
  { sameOrigin: true },
);
