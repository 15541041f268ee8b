import { graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import type { MetaSettings } from "@/lib/publishing/networks/meta/meta-settings";

/** One Graph API call: GET with `params` in the query, POST with them as the form body. */
export type GraphCall = {
  method: "GET" | "POST";
  /** The node and edge, e.g. "17841400008460056/media" (no version, no leading slash). */
  path: string;
  params?: Record<string, string | number | boolean | undefined>;
};

/** Resolves with the answer's JSON; throws as graphFetch does (GraphApiError, or the network's error). */
export type GraphClient = <T>(call: GraphCall) => Promise<T>;

/**
 * The shared Meta graphFetch (lib/publishing/networks/meta/graph-fetch.ts: META_GRAPH_URL, META_GRAPH_VERSION,
 * access token and appsecret_proof, outbound guard) bound to one Instagram channel's Page access token and the
 * request's `signal`, so the Instagram steps name only their node, edge and parameters.
 */
export function createGraphClient({
  settings,
  accessToken,
  fetch,
  signal,
  timeoutMs,
}: {
  settings: Pick<MetaSettings, "graphUrl" | "version" | "appSecret">;
  accessToken: string;
  fetch?: typeof globalThis.fetch;
  signal: AbortSignal;
  timeoutMs?: number;
}): GraphClient {
  return async <T>({ method, path, params }: GraphCall): Promise<T> => {
    const answer = await graphFetch<T>({
      method,
      path: `/${path}`,
      params,
      accessToken,
      signal,
      graphUrl: settings.graphUrl,
      version: settings.version,
      appSecret: settings.appSecret,
      fetch,
      timeoutMs,
    });
    return answer.body;
  };
}
