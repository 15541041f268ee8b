import { createHmac } from "node:crypto";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { formatPostPayload } from "@/lib/publishing/format";
import {
  type PlatformAdapter,
  PublishError,
  type PublishReceipt,
  type PublishRequest,
} from "@/lib/publishing/networks/types";

const configSchema = z.object({ url: z.string().url() });
const credentialsSchema = z.object({ secret: z.string().min(1) });
const answerSchema = z.object({ id: z.union([z.string(), z.number()]).optional(), url: z.string().optional() });

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what a receiver recomputes with the channel's secret. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Retry-After is seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Errors raised before any byte left (refused, DNS) cannot have reached the receiver. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function networkError(err: unknown, timedOut: boolean): PublishError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code && NOT_SENT_CODES.has(cause.code)) {
    return new PublishError("transient", `webhook unreachable: ${cause.code}`);
  }
  if (timedOut) return new PublishError("unknown_outcome", "webhook did not answer before the timeout");
  const detail = cause?.code ?? cause?.message ?? (err as Error).message;
  return new PublishError("unknown_outcome", `webhook request interrupted: ${detail}`);
}

async function readSnippet(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  return text.slice(0, 300);
}

async function publishWebhook({ post, channel, credentials, idempotencyKey, signal }: PublishRequest) {
  const config = configSchema.safeParse(channel.config);
  if (!config.success) throw new PublishError("permanent", "webhook channel has no valid url configured");
  const secret = credentialsSchema.safeParse(credentials);
  if (!secret.success) throw new PublishError("permanent", "webhook channel has no signing secret");

  const body = JSON.stringify({ ...formatPostPayload(post, channel), idempotencyKey });
  const timeout = AbortSignal.timeout(getEnv().WEBHOOK_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(config.data.url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.any([signal, timeout]),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Cadence-Webhook/1",
        "Idempotency-Key": idempotencyKey,
        "X-Cadence-Timestamp": new Date().toISOString(),
        "X-Cadence-Signature": signWebhookBody(body, secret.data.secret),
      },
    });
  } catch (err) {
    throw networkError(err, timeout.aborted);
  }

  if (res.status >= 200 && res.status < 300) {
    const text = await res.text().catch(() => "");
    let answer: z.infer<typeof answerSchema> = {};
    try {
      answer = answerSchema.parse(JSON.parse(text));
    } catch {
      // A bare 2xx (or non-JSON body) is success too: the receiver gave no id, so we use the key.
    }
    const receipt: PublishReceipt = { platformPostId: String(answer.id ?? idempotencyKey), url: answer.url ?? null };
    return receipt;
  }
  const message = `webhook answered ${res.status}: ${(await readSnippet(res)) || res.statusText}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    throw new PublishError("transient", message, { retryAfterMs, httpStatus: res.status });
  }
  throw new PublishError("permanent", message, { httpStatus: res.status });
}

/** HTTP POST of the post as JSON, signed with the channel's secret and carrying an idempotency key. */
export const webhookAdapter: PlatformAdapter = {
  platform: "WEBHOOK",
  supportsIdempotencyKey: true,
  format: formatPostPayload,
  publish: publishWebhook,
};
