import { clientAddress } from "@/lib/api/client-address";
import { linkBaseUrl } from "@/lib/api/link-base-url";
import { publicRoute, Reply } from "@/lib/api/route";
import { getProducerRedis } from "@/lib/db/redis";
import { requestPasswordReset } from "@/lib/password-reset/request-password-reset";
import { passwordResetRequestBody } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ACCEPTED = {
  status: "accepted",
  message: "If an account has this email, a link to set a new password is on its way. It works once, for 1 hour.",
};

// POST /api/auth/password-reset – mail a reset link if the email has an account; always 202 (429 per address)
export const POST = publicRoute(
  { body: passwordResetRequestBody },
  async ({ req, db, body }) => {
    await requestPasswordReset({
      db,
      redis: getProducerRedis(),
      email: body.email,
      address: clientAddress(req),
      baseUrl: linkBaseUrl(req),
    });
    return new Reply(202, ACCEPTED);
  },
  { sameOrigin: true },
);
