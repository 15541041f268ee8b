import { Agent } from "@atproto/api";
import type { BlueskyCredentials } from "@/lib/publishing/networks/bluesky/schemas";

/**
 * An `@atproto/api` Agent that talks to the account's PDS (`pdsUrl`, from its DID document) with the stored session
 * and renews it by itself: a request answered 401, or 400 `ExpiredToken` (how the PDS says an access token expired,
 * https://docs.bsky.app/docs/advanced-guides/api-directory), calls `renew(usedAccessJwt)` once and is sent again with
 * the session it returns (an expired-token answer means the PDS did nothing, so the repeat is safe). `renew`
 * should go through the channel's cross-worker lock and throw PublishError "reconnect" when the PDS refuses.
 * Unlike AtpAgent, it never follows the DID document to another host, and never refreshes outside that lock.
 * `current()` is the session in use (after a renewal, the new one).
 */
export function createSessionAgent({
  pdsUrl,
  session,
  fetch,
  renew,
}: {
  pdsUrl: string;
  session: BlueskyCredentials;
  fetch: typeof globalThis.fetch;
  renew: (usedAccessJwt: string) => Promise<BlueskyCredentials>;
}): { agent: Agent; current: () => BlueskyCredentials } {
  let current = session;
  const send = (url: string, init: RequestInit | undefined, token: string) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetch(new URL(url, pdsUrl), { ...init, headers });
  };
  const manager = {
    get did() {
      return current.did;
    },
    async fetchHandler(url: string, init?: RequestInit): Promise<Response> {
      const used = current.accessJwt;
      const first = await send(url, init, used);
      if (!(await tokenExpired(first))) return first;
      await first.body?.cancel();
      current = await renew(used);
      return send(url, init, current.accessJwt);
    },
  };
  return { agent: new Agent(manager), current: () => current };
}

async function tokenExpired(res: Response): Promise<boolean> {
  if (res.status === 401) return true;
  if (res.status !== 400) return false;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { error?: unknown } | null;
  return body?.error === "ExpiredToken";
}
