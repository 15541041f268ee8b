import { createOAuthAPIClient, createRestAPIClient, type mastodon } from "masto";
import { createGuardedDispatcher } from "@/lib/net/create-guarded-dispatcher";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";

/** How long one request to a Mastodon server may take before it counts as lost. */
export const MASTODON_REQUEST_TIMEOUT_MS = 30_000;

export interface MastodonClients {
  /** masto's REST client (https://github.com/neet/masto.js), bound to the server and, when given, the token. */
  rest: mastodon.rest.Client;
  /** masto's OAuth client (POST /oauth/token, /oauth/revoke). */
  oauth: mastodon.oauth.Client;
  /** The server's origin, e.g. "https://mastodon.social". */
  origin: string;
  /** Closes the connections; call when done. */
  close(): Promise<void>;
}

/**
 * masto clients for one Mastodon-API server whose every request goes through the outbound guard: masto calls the
 * global fetch and has no custom-fetch option (masto 8), so the guard travels as `requestInit.dispatcher`
 * (createGuardedDispatcher: connects only to the addresses `serverUrl` resolved to when checked now). Redirects are
 * refused (`redirect: "error"`), so a server cannot send Cadence elsewhere. Throws OutboundRefusedError when the
 * server's address is not a permitted target.
 */
export async function openMastodonClients({
  serverUrl,
  accessToken,
  policy,
  resolve,
  signal,
  timeoutMs = MASTODON_REQUEST_TIMEOUT_MS,
}: {
  serverUrl: string;
  accessToken?: string;
  policy: OutboundPolicy;
  resolve?: Resolve;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<MastodonClients> {
  const { agent, origin } = await createGuardedDispatcher({ url: serverUrl, policy, resolve });
  // `dispatcher` is Node's (undici's) extension of RequestInit; lib.dom's type does not list it.
  const requestInit = { dispatcher: agent, redirect: "error", ...(signal ? { signal } : {}) } as RequestInit;
  return {
    rest: createRestAPIClient({ url: origin, accessToken, requestInit, timeout: timeoutMs }),
    oauth: createOAuthAPIClient({ url: origin, requestInit, timeout: timeoutMs }),
    origin,
    close: () => agent.close(),
  };
}
