import { z } from "zod";
import type { BlueskyCredentials } from "@/lib/publishing/networks/bluesky/schemas";
import { PublishError } from "@/lib/publishing/networks/types";

const sessionAnswer = z.object({
  did: z.string(),
  handle: z.string(),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});

/**
 * Trades a session's refresh token for a new session at its PDS (`com.atproto.server.refreshSession`,
 * https://docs.bsky.app/docs/api/com-atproto-server-refresh-session; the old refresh token stops working).
 * Returns the new session. Throws PublishError "reconnect" when the PDS refuses the refresh token (expired, revoked,
 * or its app password was deleted: 400 ExpiredToken/InvalidToken or 401), "transient" when the PDS is unreachable
 * or answers 5xx/429.
 */
export async function refreshBlueskySession({
  pdsUrl,
  session,
  fetch,
  signal,
}: {
  pdsUrl: string;
  session: BlueskyCredentials;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<BlueskyCredentials> {
  let res: Response;
  try {
    res = await fetch(new URL("/xrpc/com.atproto.server.refreshSession", pdsUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${session.refreshJwt}`, accept: "application/json" },
      signal: AbortSignal.any([AbortSignal.timeout(15_000), ...(signal ? [signal] : [])]),
    });
  } catch (err) {
    throw new PublishError("transient", `Bluesky session refresh failed: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  if (res.status === 400 || res.status === 401) {
    const said = [body.error, body.message].filter(Boolean).join(": ");
    throw new PublishError(
      "reconnect",
      `Bluesky refused to renew the session of @${session.handle} (${said || res.status}): the session was revoked ` +
        "or the app password removed; reconnect the channel with a new app password",
      { httpStatus: res.status },
    );
  }
  if (!res.ok) {
    throw new PublishError("transient", `Bluesky session refresh answered ${res.status}`, { httpStatus: res.status });
  }
  const next = sessionAnswer.safeParse(body);
  if (!next.success || next.data.did !== session.did) {
    throw new PublishError("transient", "Bluesky session refresh gave an unreadable answer");
  }
  return {
    did: next.data.did,
    handle: next.data.handle,
    accessJwt: next.data.accessJwt,
    refreshJwt: next.data.refreshJwt,
  };
}
