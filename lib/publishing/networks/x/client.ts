import http from "node:http";
import https from "node:https";
import { type ITwitterApiClientPlugin, TwitterApi, type TwitterApiOAuth2Init } from "twitter-api-v2";
import { checkOutboundUrl, type OutboundPolicy, pinnedLookup, type Resolve } from "@/lib/net/outbound-guard";

/** How long one request to X may take before it counts as lost (ms). */
export const X_REQUEST_TIMEOUT_MS = 30_000;

/** The origin twitter-api-v2 1.29 writes into every v2 URL (its API_V2_PREFIX, "https://api.x.com/2/"). */
const LIBRARY_ORIGIN = "https://api.x.com";

export type XClientOptions = {
  /** X_API_URL: the API's origin (https://api.x.com), or a test stub's; a path prefix is kept. */
  apiUrl: string;
  policy: OutboundPolicy;
  resolve?: Resolve;
  /** Aborts every request of this client (the publish request's signal). */
  signal?: AbortSignal;
  timeoutMs?: number;
};

/**
 * A twitter-api-v2 plugin that sends every request to `apiUrl` through the outbound guard. The library has no
 * base-URL option (its prefixes are constants: https://api.x.com/2/) and sends with node:https `request()`, so
 * this uses its `onBeforeRequest` hook, which runs after the request is built and before it leaves, with the URL
 * object and the node request options the library then sends with:
 * - the URL's origin https://api.x.com becomes `apiUrl`'s (protocol, host, port; its path is put in front);
 * - the URL is checked (checkOutboundUrl: http(s), public or OUTBOUND_ALLOW_CIDRS addresses) and the connection is
 *   pinned to the checked addresses (`lookup`: pinnedLookup), on an agent of its own for that one request (an
 *   http.Agent for an http: URL — node:https `request()` accepts another protocol only from the agent);
 * - the request gets `timeoutMs` (the library then destroys it with "Request timeout.") and `signal`.
 * A refused URL rejects the library call with OutboundRefusedError before anything is sent.
 */
export function guardedXPlugin({
  apiUrl,
  policy,
  resolve,
  signal,
  timeoutMs = X_REQUEST_TIMEOUT_MS,
}: XClientOptions): ITwitterApiClientPlugin {
  const base = new URL(apiUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  return {
    async onBeforeRequest({ computedParams, requestOptions }) {
      const url = computedParams.url;
      if (url.origin === LIBRARY_ORIGIN) {
        url.protocol = base.protocol;
        url.host = base.host;
        url.pathname = `${prefix}${url.pathname}`;
      }
      const target = await checkOutboundUrl(url.href, { policy, resolve });
      const lookup = pinnedLookup(target.addresses);
      requestOptions.agent =
        url.protocol === "http:"
          ? new http.Agent({ keepAlive: false, lookup } as http.AgentOptions)
          : new https.Agent({ keepAlive: false, lookup } as https.AgentOptions);
      requestOptions.lookup = lookup;
      requestOptions.timeout = timeoutMs;
      if (signal) requestOptions.signal = signal;
    },
  };
}

/**
 * A twitter-api-v2 client (https://github.com/PLhery/node-twitter-api-v2) acting as the user whose OAuth 2.0
 * access token is `accessToken` (Bearer), every request sent to X_API_URL through the outbound guard
 * (guardedXPlugin).
 */
export function createXUserClient(accessToken: string, options: XClientOptions): TwitterApi {
  return new TwitterApi(accessToken, { plugins: [guardedXPlugin(options)] });
}

/**
 * A twitter-api-v2 client acting as the app (a confidential client: Basic auth with the Client ID and Secret, as
 * X's token endpoint wants: https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token), for the
 * token endpoint only.
 */
export function createXAppClient(app: TwitterApiOAuth2Init, options: XClientOptions): TwitterApi {
  return new TwitterApi(app, { plugins: [guardedXPlugin(options)] });
}
