import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

// Accounts and OAuth tokens on the test stack's real Mastodon-API server (GoToSocial, started by the launcher:
// scripts/stack/gotosocial.ts). Registrations are closed there: accounts are made with its admin CLI, and tokens
// through its own OAuth authorization-code flow, its sign-in form filled in as a person's browser would.

const run = promisify(execFile);

export type MastodonTestAccount = {
  /** http://127.0.0.1:<port> */
  serverUrl: string;
  username: string;
  /** GoToSocial signs in by email */
  email: string;
  password: string;
};

/** Out-of-band redirect: the server shows the code instead of redirecting (https://docs.joinmastodon.org/methods/apps/). */
export const OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

function env(name: "MASTODON_TEST_URL" | "GOTOSOCIAL_BIN" | "GOTOSOCIAL_CONFIG"): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through \`npm run stack -- exec -- …\``);
  return value;
}

/** The test server's URL from the launcher's MASTODON_TEST_URL; throws naming the variable when it is not set. */
export function mastodonTestUrl(): string {
  return env("MASTODON_TEST_URL");
}

async function admin(args: string[]) {
  // Each CLI call opens the server's SQLite database beside the running server; 60 s bounds a stuck one.
  await run(env("GOTOSOCIAL_BIN"), ["--config-path", env("GOTOSOCIAL_CONFIG"), "admin", "account", ...args], {
    timeout: 60_000,
  });
}

/**
 * Makes a confirmed, approved account with GoToSocial's admin CLI (`admin account create`, then `confirm`:
 * https://docs.gotosocial.org/en/latest/admin/cli/). Random username (`<prefix><10 chars>`, lower case: GoToSocial
 * allows [a-z0-9_]) and a random strong password (it refuses weak ones). Throws the CLI's error output.
 */
export async function createMastodonAccount(opts: { prefix?: string } = {}): Promise<MastodonTestAccount> {
  const serverUrl = mastodonTestUrl();
  const username = `${opts.prefix ?? "u"}${randomBytes(8).toString("hex").slice(0, 10)}`;
  const email = `${username}@example.com`;
  const password = `${randomBytes(18).toString("base64url")}-Aa1!`;
  await admin(["create", "--username", username, "--email", email, "--password", password]);
  await admin(["confirm", "--username", username]);
  return { serverUrl, username, email, password };
}

/** A cookie jar for one browser session: the Set-Cookie values seen so far, sent back on every request. */
function browser(serverUrl: string) {
  const cookies = new Map<string, string>();
  const origin = new URL(serverUrl).origin;
  return async function navigate(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    if (new URL(url, origin).origin !== origin) throw new Error(`refusing to leave ${origin} for ${url}`);
    const res = await fetch(new URL(url, origin), {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        accept: "text/html",
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    await res.text();
    return { status: res.status, location: res.headers.get("location") };
  };
}

/**
 * Plays the person's part of the OAuth authorization-code flow (https://docs.joinmastodon.org/methods/oauth/):
 * opens `authorizeUrl` (GET /oauth/authorize?client_id…&redirect_uri…&state…, as the adapter made it), signs in
 * on the server's form (GoToSocial: `username` is the email), approves the app, and returns where the server then
 * sends the browser — the app's redirect_uri with `code` (and `state`), or for the out-of-band redirect its
 * /oauth/oob?code=… page — without following it. At most 8 redirects; throws naming the step that went wrong.
 */
export async function approveMastodonAuthorization(input: {
  authorizeUrl: string;
  email: string;
  password: string;
}): Promise<URL> {
  const origin = new URL(input.authorizeUrl).origin;
  const navigate = browser(origin);
  let step = await navigate(input.authorizeUrl);
  let signedIn = false;
  let approved = false;
  for (let hops = 0; hops < 8; hops++) {
    if (step.status === 200 && !approved) {
      // the authorize page, with its "Allow" form (POST /oauth/authorize)
      step = await navigate("/oauth/authorize", { method: "POST", form: {} });
      approved = true;
      continue;
    }
    if (step.status < 300 || step.status >= 400 || !step.location) {
      throw new Error(`OAuth flow stopped at HTTP ${step.status}${approved ? " after approving" : ""}`);
    }
    const next = new URL(step.location, origin);
    if (next.origin !== origin || next.pathname === "/oauth/oob") return next; // leaves the server: done
    if (next.pathname === "/auth/sign_in" && !signedIn) {
      step = await navigate("/auth/sign_in", {
        method: "POST",
        form: { username: input.email, password: input.password },
      });
      signedIn = true;
    } else if (next.pathname === "/oauth/authorize") {
      step = await navigate(next.href);
    } else {
      throw new Error(`OAuth flow sent to ${next.pathname} (wrong password, or the account is not confirmed?)`);
    }
  }
  throw new Error("OAuth flow did not finish within 8 steps");
}

/**
 * An access token for the account: registers an app (POST /api/v1/apps, https://docs.joinmastodon.org/methods/apps/),
 * runs the authorization-code flow with the out-of-band redirect (approveMastodonAuthorization), and exchanges the
 * code (POST /oauth/token). `scopes` space-separated, default "read write". Throws with the server's answer.
 */
export async function obtainMastodonToken(input: {
  serverUrl: string;
  email: string;
  password: string;
  scopes?: string;
}): Promise<string> {
  const scopes = input.scopes ?? "read write";
  const post = async (path: string, body: Record<string, string>, want: string[]) => {
    const res = await fetch(new URL(path, input.serverUrl), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json()) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const name of want) {
      const value = json[name];
      if (!res.ok || typeof value !== "string") {
        throw new Error(`POST ${path}: HTTP ${res.status} without ${name}: ${JSON.stringify(json)}`);
      }
      fields[name] = value;
    }
    return fields;
  };
  const app = await post("/api/v1/apps", { client_name: "cadence-test", redirect_uris: OOB_REDIRECT_URI, scopes }, [
    "client_id",
    "client_secret",
  ]);
  const clientId = app.client_id as string;
  const authorizeUrl = new URL("/oauth/authorize", input.serverUrl);
  authorizeUrl.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: OOB_REDIRECT_URI,
    response_type: "code",
    scope: scopes,
  }).toString();
  const done = await approveMastodonAuthorization({ authorizeUrl: authorizeUrl.href, ...input });
  const code = done.searchParams.get("code");
  if (!code) throw new Error(`no code in ${done.href}`);
  const token = await post(
    "/oauth/token",
    {
      grant_type: "authorization_code",
      code,
      client_id: clientId,
      client_secret: app.client_secret as string,
      redirect_uri: OOB_REDIRECT_URI,
      scope: scopes,
    },
    ["access_token"],
  );
  return token.access_token as string;
}
