import { createMastodonAccount, obtainMastodonToken } from "@/tests/helpers/mastodon-accounts";

/** A GoToSocial account with a token, ready to be a channel: what the connect flow would have stored. */
export type MastodonPublisher = {
  serverUrl: string;
  token: string;
  accountId: string;
  acct: string;
  email: string;
  password: string;
};

/** Calls the test server's API as `token` (GET unless a body is given); throws with the answer on a non-2xx. */
export async function mastodonApi<T = Record<string, unknown>>(
  serverUrl: string,
  token: string,
  path: string,
  init: { method?: string; body?: Record<string, unknown> } = {},
): Promise<T> {
  const res = await fetch(new URL(path, serverUrl), {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A fresh account on the launcher's GoToSocial with a "read write" token and its account id. */
export async function createMastodonPublisher(prefix = "pub"): Promise<MastodonPublisher> {
  const account = await createMastodonAccount({ prefix });
  const token = await obtainMastodonToken(account);
  const me = await mastodonApi<{ id: string; acct: string }>(
    account.serverUrl,
    token,
    "/api/v1/accounts/verify_credentials",
  );
  return {
    serverUrl: account.serverUrl,
    token,
    accountId: me.id,
    acct: me.acct,
    email: account.email,
    password: account.password,
  };
}

/** The account's statuses, newest first (GET /api/v1/accounts/:id/statuses, up to 40). */
export function listMastodonStatuses(p: MastodonPublisher) {
  return mastodonApi<Array<Record<string, unknown> & { id: string }>>(
    p.serverUrl,
    p.token,
    `/api/v1/accounts/${p.accountId}/statuses?limit=40`,
  );
}
