import { createHmac } from "node:crypto";
import { AtpAgent } from "@atproto/api";

// Sessions on the test PDS as time would leave them. @atproto/dev-env signs the PDS's access tokens (HS256) with its
// fixed development secret `jwt-secret` (@atproto/dev-env/dist/const.js JWT_SECRET), so a test can make the token
// the PDS would see two hours later: the same claims, expired.

const DEV_ENV_JWT_SECRET = "jwt-secret";

/** `accessJwt` re-signed with `exp` (and `iat`) in the past: the PDS answers 400 ExpiredToken to it. */
export function expireAccessJwt(accessJwt: string, secondsAgo = 60): string {
  const [header, payload] = accessJwt.split(".");
  if (!header || !payload) throw new Error("not a JWT");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  const expired = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, exp: now - secondsAgo })).toString(
    "base64url",
  );
  const signature = createHmac("sha256", DEV_ENV_JWT_SECRET).update(`${header}.${expired}`).digest("base64url");
  return `${header}.${expired}.${signature}`;
}

/** Deletes the account's app passwords named `name` (com.atproto.server.revokeAppPassword), signed in as the person. */
export async function revokeAppPassword(
  account: { pdsUrl: string; handle: string; accountPassword: string },
  name = "cadence-test",
) {
  const agent = new AtpAgent({ service: account.pdsUrl });
  await agent.login({ identifier: account.handle, password: account.accountPassword });
  await agent.com.atproto.server.revokeAppPassword({ name });
}
