import { ApiError } from "@/lib/api/errors";
import { checkOutboundUrl, type OutboundPolicy, OutboundRefusedError, type Resolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";

/** How a webhook URL is checked; tests pass their own policy and resolver, the app the operator's settings. */
export type OutboundCheck = { policy?: OutboundPolicy; resolve?: Resolve };

/**
 * Refuses a webhook `config.url` that Cadence would not send to (lib/net/outbound-guard.ts): 422 `unprocessable`
 * naming the reason, e.g. "config.url resolves to 10.0.0.5, a private address". A host that does not resolve is
 * accepted; the same check runs again at every send, since DNS answers change.
 */
export async function checkWebhookTarget({ url, outbound = {} }: { url: string; outbound?: OutboundCheck }) {
  try {
    await checkOutboundUrl(url, { policy: outbound.policy ?? outboundPolicyFromEnv(), resolve: outbound.resolve });
  } catch (err) {
    if (!(err instanceof OutboundRefusedError)) throw err;
    // A name that does not resolve (yet) is kept: every send checks again, and a DNS hiccup should not block setup.
    if (err.kind === "unresolved") return;
    const message = err.message;
    throw new ApiError("unprocessable", `config.url ${message}`, [{ path: "config.url", message }]);
  }
}
