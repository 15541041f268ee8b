import { randomBytes } from "node:crypto";
import { AtpAgent } from "@atproto/api";

// Accounts on the test stack's real Bluesky PDS (@atproto/dev-env, started by the launcher: scripts/stack/bluesky.ts).

export type BlueskyTestAccount = {
  /** e.g. `u3kq9x0a1b2c.test` (the PDS serves handles under `.test`) */
  handle: string;
  did: string;
  /** an app password (xxxx-xxxx-xxxx-xxxx), what a person gives Cadence to connect */
  password: string;
  /** the account's own password (to sign in as the person, never given to Cadence) */
  accountPassword: string;
  email: string;
  /** the PDS the test talks to, http://127.0.0.1:<port> */
  pdsUrl: string;
};

/** The test PDS's URL from the launcher's BLUESKY_TEST_PDS_URL; throws naming the variable when it is not set. */
export function blueskyTestPdsUrl(): string {
  const url = process.env.BLUESKY_TEST_PDS_URL;
  if (!url) throw new Error("BLUESKY_TEST_PDS_URL is not set: run the tests through `npm run stack -- exec -- …`");
  return url;
}

/**
 * Makes a new account on the test PDS (com.atproto.server.createAccount; this PDS needs no invite) and an app
 * password for it (com.atproto.server.createAppPassword, https://docs.bsky.app/docs/api/com-atproto-server-create-app-password).
 * Handles are random (`<prefix><10 random chars>.test`), so tests never collide. Throws the PDS's XRPC error as is.
 */
export async function createBlueskyAccount(opts: { prefix?: string } = {}): Promise<BlueskyTestAccount> {
  const pdsUrl = blueskyTestPdsUrl();
  const id = randomBytes(8).toString("hex").slice(0, 10);
  const handle = `${opts.prefix ?? "u"}${id}.test`;
  const email = `${handle}@example.com`;
  const accountPassword = randomBytes(18).toString("base64url");
  const agent = new AtpAgent({ service: pdsUrl });
  const created = await agent.createAccount({ handle, email, password: accountPassword });
  const appPassword = await agent.com.atproto.server.createAppPassword({ name: "cadence-test" });
  return {
    handle: created.data.handle,
    did: created.data.did,
    password: appPassword.data.password,
    accountPassword,
    email,
    pdsUrl,
  };
}
