import { z } from "zod";
import { IdentityResolutionError, resolveBlueskyIdentity } from "@/lib/publishing/networks/bluesky/resolve-identity";
import type { BlueskyConfig, BlueskyCredentials } from "@/lib/publishing/networks/bluesky/schemas";

/** bsky.social's entryway: accounts on its PDS hosts (`*.host.bsky.network`) sign in and renew sessions here. */
export const BLUESKY_DEFAULT_SERVICE = "https://bsky.social";

/** Why an account cannot be connected; `status` 422 (what the person typed is wrong) or 503 (the server failed). */
export class BlueskyConnectError extends Error {
  readonly status: 422 | 503;
  constructor(status: 422 | 503, message: string) {
    super(message);
    this.name = "BlueskyConnectError";
    this.status = status;
  }
}

const sessionAnswer = z.object({
  did: z.string(),
  handle: z.string(),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});

/**
 * Signs a Bluesky account in with an app password: resolves `identifier` (handle or DID) to its DID and PDS
 * (resolveBlueskyIdentity), then `com.atproto.server.createSession`
 * (https://docs.bsky.app/docs/api/com-atproto-server-create-session) at the account's sign-in server — `service`
 * when the person named one, else bsky.social's entryway for accounts hosted on `*.bsky.network`, else the PDS
 * itself — and reads the avatar from its `app.bsky.actor.profile/self` record (a getBlob URL on the PDS).
 * `fetch` must be the guarded one. Returns the channel's config (non-secret) and the session (to store encrypted).
 * Throws BlueskyConnectError: 422 for an unknown handle, a DID without PDS, or a refused password (the PDS's own
 * words), 503 when a server is unreachable or fails.
 */
export async function connectBlueskyAccount({
  identifier,
  appPassword,
  service,
  plcUrl,
  fetch,
}: {
  identifier: string;
  appPassword: string;
  /** Where the person said the account lives; undefined: bsky.social or the PDS its DID document names. */
  service?: string;
  plcUrl: string;
  fetch: typeof globalThis.fetch;
}): Promise<{ config: BlueskyConfig; credentials: BlueskyCredentials }> {
  const lookupAt = service ?? BLUESKY_DEFAULT_SERVICE;
  let identity: Awaited<ReturnType<typeof resolveBlueskyIdentity>>;
  try {
    identity = await resolveBlueskyIdentity({ identifier, service: lookupAt, plcUrl, fetch });
  } catch (err) {
    if (err instanceof IdentityResolutionError) throw new BlueskyConnectError(422, err.message);
    throw err;
  }
  const pdsHost = new URL(identity.pdsUrl).hostname;
  const signInAt = (service ?? (pdsHost.endsWith(".bsky.network") ? BLUESKY_DEFAULT_SERVICE : identity.pdsUrl)).replace(
    /\/+$/,
    "",
  );

  let res: Response;
  try {
    res = await fetch(new URL("/xrpc/com.atproto.server.createSession", signInAt), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ identifier: identity.did, password: appPassword }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new BlueskyConnectError(503, `could not reach ${signInAt}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  const who = identity.handle ? `@${identity.handle}` : identity.did;
  if (res.status === 400 || res.status === 401) {
    const said = body.message ?? body.error ?? `HTTP ${res.status}`;
    throw new BlueskyConnectError(
      422,
      `${signInAt} refused the app password for ${who}: ${said}. Create an app password in Bluesky (Settings → ` +
        "Privacy and security → App passwords) and paste it here.",
    );
  }
  const session = sessionAnswer.safeParse(body);
  if (!res.ok || !session.success || session.data.did !== identity.did) {
    throw new BlueskyConnectError(503, `${signInAt} answered ${res.status} to the sign-in; try again later`);
  }
  const { did, handle, accessJwt, refreshJwt } = session.data;
  return {
    config: {
      did,
      handle,
      service: signInAt,
      pdsUrl: identity.pdsUrl,
      avatarUrl: await readAvatarUrl(identity.pdsUrl, did, fetch),
    },
    credentials: { did, handle, accessJwt, refreshJwt },
  };
}

/** The profile record's avatar as a getBlob URL on the PDS (public, no session), or null (no avatar, or unreadable). */
async function readAvatarUrl(pdsUrl: string, did: string, fetch: typeof globalThis.fetch): Promise<string | null> {
  const url = new URL("/xrpc/com.atproto.repo.getRecord", pdsUrl);
  url.search = new URLSearchParams({ repo: did, collection: "app.bsky.actor.profile", rkey: "self" }).toString();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    const record = (await res.json()) as { value?: { avatar?: { ref?: { $link?: unknown } } } };
    const cid = record.value?.avatar?.ref?.$link;
    if (typeof cid !== "string") return null;
    const blob = new URL("/xrpc/com.atproto.sync.getBlob", pdsUrl);
    blob.search = new URLSearchParams({ did, cid }).toString();
    return blob.toString();
  } catch {
    return null;
  }
}
