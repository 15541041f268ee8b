import { z } from "zod";
import { getEnv } from "@/lib/env";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { type OutboundPolicy, OutboundRefusedError, type Resolve, systemResolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { type CheckedResponse, sendCheckedRequest } from "@/lib/net/send-checked-request";
import { formatPostPayload } from "@/lib/publishing/format";
import {
  type PlatformAdapter,
  PublishError,
  type PublishReceipt,
  type PublishRequest,
} from "@/lib/publishing/networks/types";
import {
  signingSecrets,
  webhookCredentialsSchema,
  webhookSignatureHeader,
} from "@/lib/publishing/networks/webhook/sign";

const configSchema = z.object({ url: z.string() });
const answerSchema = z.object({ id: z.union([z.string(), z.number()]).optional(), url: z.unknown().optional() });

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  if (!value || Array.isArray(value)) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Errors raised before any byte left (refused, DNS) cannot have reached the receiver. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function networkError(err: unknown, timedOut: boolean): PublishError {
  if (err instanceof OutboundRefusedError) {
    // Refused by the rule: the URL (or what its host resolves to now) is not a permitted target; retrying
    // cannot help. Unresolved: DNS may come back, and nothing was sent.
    return err.kind === "refused"
      ? new PublishError("permanent", `webhook url refused: it ${err.message}`)
      : new PublishError("transient", `webhook unreachable: ${err.message}`);
  }
  const code = (err as { code?: string }).code;
  if (code && NOT_SENT_CODES.has(code)) return new PublishError("transient", `webhook unreachable: ${code}`);
  if (timedOut) return new PublishError("unknown_outcome", "webhook did not answer before the timeout");
  return new PublishError("unknown_outcome", `webhook request interrupted: ${code ?? (err as Error).message}`);
}

export interface WebhookAdapterOptions {
  /** Which non-public addresses may be targets; default: OUTBOUND_ALLOW_CIDRS, read at each send. */
  policy?: () => OutboundPolicy;
  resolve?: Resolve;
  now?: () => Date;
}

/**
 * The WEBHOOK adapter: POSTs the post as JSON to the channel's URL through the outbound guard (checked again at
 * every send, connected to the checked address), signed with `Cadence-Signature` (lib/publishing/networks/webhook/
 * sign.ts) and carrying `Idempotency-Key`. Of the answer only its status and a sanitised excerpt (≤ 200 chars) are
 * kept; a 2xx's `id` (≤ 200 chars) and `url` (http(s) only) become the receipt.
 */
export function createWebhookAdapter({
  policy = outboundPolicyFromEnv,
  resolve = systemResolve,
  now = () => new Date(),
}: WebhookAdapterOptions = {}): PlatformAdapter {
  async function publish({ post, channel, credentials, idempotencyKey, signal }: PublishRequest) {
    const config = configSchema.safeParse(channel.config);
    if (!config.success) throw new PublishError("permanent", "webhook channel has no valid url configured");
    const creds = webhookCredentialsSchema.safeParse(credentials);
    if (!creds.success) throw new PublishError("permanent", "webhook channel has no signing secret");
    const unreachable = post.media.find((m) => m.url === null);
    if (unreachable) {
      throw new PublishError(
        "permanent",
        `media ${unreachable.id} has no public URL to send: ${unreachable.urlProblem ?? "unknown reason"}`,
      );
    }
    const secrets = signingSecrets(creds.data, now());
    const excerpt = (text: string) => sanitiseExcerpt(text, { secrets: [creds.data.secret, ...secrets] });

    const body = JSON.stringify({ ...formatPostPayload(post, channel), idempotencyKey });
    const timestamp = Math.floor(now().getTime() / 1000);
    const timeout = AbortSignal.timeout(getEnv().WEBHOOK_TIMEOUT_MS);
    let res: CheckedResponse;
    try {
      res = await sendCheckedRequest({
        url: config.data.url,
        method: "POST",
        body,
        signal: AbortSignal.any([signal, timeout]),
        policy: policy(),
        resolve,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Cadence-Webhook/2",
          "Idempotency-Key": idempotencyKey,
          "Cadence-Signature": webhookSignatureHeader({ body, secrets, timestamp }),
        },
      });
    } catch (err) {
      throw networkError(err, timeout.aborted);
    }

    if (res.status >= 200 && res.status < 300) {
      let answer: z.infer<typeof answerSchema> = {};
      try {
        answer = answerSchema.parse(JSON.parse(res.body));
      } catch {
        // A bare 2xx (or non-JSON body) is success too: the receiver gave no id, so we use the key.
      }
      const id = answer.id === undefined ? "" : excerpt(String(answer.id));
      const receipt: PublishReceipt = {
        platformPostId: id || idempotencyKey,
        url: httpUrlOrNull(answer.url),
        httpStatus: res.status,
      };
      return receipt;
    }
    const said = excerpt(res.body);
    const message =
      res.status >= 300 && res.status < 400
        ? `webhook answered ${res.status} (redirects are not followed; configure the final URL)`
        : `webhook answered ${res.status}${said ? `: ${said}` : ""}`;
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      const retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
      throw new PublishError("transient", message, { retryAfterMs, httpStatus: res.status });
    }
    throw new PublishError("permanent", message, { httpStatus: res.status });
  }

  return { platform: "WEBHOOK", supportsIdempotencyKey: true, format: formatPostPayload, publish };
}

/** HTTP POST of the post as JSON, signed with the channel's secret and carrying an idempotency key. */
export const webhookAdapter: PlatformAdapter = createWebhookAdapter();
