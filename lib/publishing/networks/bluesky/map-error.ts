import { XRPCError } from "@atproto/api";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * A failed XRPC call to the PDS as a PublishError, for a step that cannot have posted anything (reading, uploading
 * a blob, resolving a handle — or creating the record once its key is known to be free): an address the outbound
 * guard refuses is permanent; 429 transient with the PDS's `ratelimit-reset` (epoch seconds,
 * https://docs.bsky.app/docs/advanced-guides/rate-limits) as the wait; 401 (the session failed even after a
 * renewal) reconnect; other 4xx permanent with the PDS's own message; 5xx, network errors and aborts transient.
 * A PublishError passes unchanged.
 */
export function mapBlueskyError(err: unknown, step: string, now = Date.now()): PublishError {
  const own = publishErrorIn(err);
  if (own) return own;
  const cause = (err as { cause?: unknown }).cause;
  if (err instanceof OutboundRefusedError || cause instanceof OutboundRefusedError) {
    const refused = (err instanceof OutboundRefusedError ? err : cause) as OutboundRefusedError;
    return new PublishError(
      refused.kind === "refused" ? "permanent" : "transient",
      `Bluesky ${step}: the PDS address ${refused.message}`,
    );
  }
  if (!(err instanceof XRPCError)) {
    return new PublishError("transient", `Bluesky ${step} failed: ${(err as Error).message}`);
  }
  const said = [err.error, err.message].filter((s, i, all) => s && all.indexOf(s) === i).join(": ");
  const status = err.status;
  if (status === 429) {
    const reset = Number(err.headers?.["ratelimit-reset"]);
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
    return new PublishError("transient", `Bluesky ${step}: rate limited (${said})`, { retryAfterMs, httpStatus: 429 });
  }
  if (status === 401) {
    return new PublishError(
      "reconnect",
      `Bluesky ${step}: the session was refused (${said}); reconnect the channel with a new app password`,
      { httpStatus: 401 },
    );
  }
  if (status >= 400 && status < 500) {
    return new PublishError("permanent", `Bluesky ${step} refused: ${said}`, { httpStatus: status });
  }
  const httpStatus = status >= 500 ? status : undefined;
  return new PublishError("transient", `Bluesky ${step} failed: ${said || "no answer"}`, { httpStatus });
}

/**
 * The PublishError `err` is or carries: the XRPC client wraps whatever its fetch handler throws (a refused session
 * renewal, PublishError "reconnect") into an XRPCError with that error as `cause`.
 */
export function publishErrorIn(err: unknown): PublishError | null {
  if (err instanceof PublishError) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof PublishError ? cause : null;
}
