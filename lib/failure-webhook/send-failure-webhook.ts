import { getEnv } from "@/lib/env";
import { type OutboundPolicy, OutboundRefusedError, type Resolve, systemResolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { sendCheckedRequest } from "@/lib/net/send-checked-request";
import { webhookSignatureHeader } from "@/lib/publishing/networks/webhook/sign";

/** How one POST to the failure webhook went: `retry` says whether another attempt can help. */
export type FailureWebhookResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean };

/**
 * POSTs `body` (JSON text) to a workspace's failure webhook, signed exactly like the WEBHOOK channel: header
 * `Cadence-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
 * (lib/publishing/networks/webhook/sign.ts, the scheme of https://docs.stripe.com/webhooks#verify-manually), with
 * `Idempotency-Key: <id>` (the same on every retry of one event). Sent through the outbound guard
 * (lib/net/send-checked-request.ts: public addresses, or OUTBOUND_ALLOW_CIDRS), redirects not followed, at most
 * WEBHOOK_TIMEOUT_MS. A 2xx is delivered; 408, 429, 5xx, timeouts and network errors may be retried; any other
 * answer and a refused address are final. Never throws.
 */
export async function sendFailureWebhook({
  url,
  secret,
  id,
  body,
  now = new Date(),
  policy = outboundPolicyFromEnv(),
  resolve = systemResolve,
}: {
  url: string;
  secret: string;
  id: string;
  body: string;
  now?: Date;
  policy?: OutboundPolicy;
  resolve?: Resolve;
}): Promise<FailureWebhookResult> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await sendCheckedRequest({
      url,
      method: "POST",
      body,
      signal: AbortSignal.timeout(getEnv().WEBHOOK_TIMEOUT_MS),
      policy,
      resolve,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Cadence-Webhook/2",
        "Idempotency-Key": id,
        "Cadence-Signature": webhookSignatureHeader({ body, secrets: [secret], timestamp }),
      },
    });
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const said = sanitiseExcerpt(res.body, { secrets: [secret] });
    const retry = res.status === 408 || res.status === 429 || res.status >= 500;
    const error =
      res.status >= 300 && res.status < 400
        ? `webhook answered ${res.status} (redirects are not followed; configure the final URL)`
        : `webhook answered ${res.status}${said ? `: ${said}` : ""}`;
    return { ok: false, status: res.status, error, retry };
  } catch (err) {
    if (err instanceof OutboundRefusedError) {
      return {
        ok: false,
        status: null,
        error: `webhook url refused: it ${err.message}`,
        retry: err.kind !== "refused",
      };
    }
    const code = (err as { code?: string }).code;
    const message = (err as Error).name === "TimeoutError" ? "no answer before the timeout" : (code ?? String(err));
    return { ok: false, status: null, error: `webhook unreachable: ${message}`, retry: true };
  }
}
