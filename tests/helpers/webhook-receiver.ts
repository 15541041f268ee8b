import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the receiver does with one incoming request. */
export type ReceiverAnswer =
  | { kind: "ok" }
  | { kind: "status"; status: number; body?: string; retryAfter?: string; contentType?: string }
  /** Keep the request open, never answer (until the receiver closes). */
  | { kind: "hang" };

export interface Delivery {
  idempotencyKey: string | undefined;
  /** `t` of Cadence-Signature (unix seconds). */
  timestamp: number | undefined;
  /** The receiver's secret verifies the signature, within the 5-minute tolerance. */
  signatureValid: boolean;
  /** The raw Cadence-Signature header and body, to verify with other secrets (rotation). */
  signatureHeader: string | undefined;
  raw: string;
  body: unknown;
  answer: ReceiverAnswer["kind"];
  receivedAt: Date;
}

/**
 * Verifies `Cadence-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]` the way README "Webhooks" tells a receiver to:
 * HMAC-SHA256(secret, "<t>.<raw body>") equals one of the v1 values (timing-safe), and `t` is within
 * `toleranceSec` of now. Written here independently of lib/, so a wrong signer fails the tests.
 */
export function verifyCadenceSignature({
  header,
  raw,
  secret,
  toleranceSec = 300,
  nowSec = Math.floor(Date.now() / 1000),
}: {
  header: string | undefined;
  raw: string;
  secret: string;
  toleranceSec?: number;
  nowSec?: number;
}): boolean {
  const parts = (header ?? "").split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex"));
  return parts
    .filter(([k]) => k === "v1")
    .some(([, v]) => {
      const got = Buffer.from(v ?? "");
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

/**
 * A real HTTP webhook endpoint on 127.0.0.1 for tests: verifies the HMAC signature, records every delivery with
 * its Idempotency-Key, and answers from a script (`plan`) before falling back to 200. Like a receiver that honours
 * idempotency keys, it returns the same id for a repeated key.
 */
export async function startWebhookReceiver({ secret }: { secret: string }) {
  const deliveries: Delivery[] = [];
  const plan: ReceiverAnswer[] = [];
  const hanging = new Set<ServerResponse>();
  const arrivals: Array<() => void> = [];

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const answer = plan.shift() ?? { kind: "ok" };
    const key = req.headers["idempotency-key"] as string | undefined;
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {}
    const signatureHeader = req.headers["cadence-signature"] as string | undefined;
    const signatureValid = verifyCadenceSignature({ header: signatureHeader, raw, secret });
    const t = /(?:^|,)t=(\d+)/.exec(signatureHeader ?? "")?.[1];
    deliveries.push({
      idempotencyKey: key,
      timestamp: t === undefined ? undefined : Number(t),
      signatureValid,
      signatureHeader,
      raw,
      body,
      answer: answer.kind,
      receivedAt: new Date(),
    });
    for (const wake of arrivals.splice(0)) wake();
    if (answer.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (answer.kind === "status") {
      const headers: Record<string, string> = { "Content-Type": answer.contentType ?? "text/plain" };
      if (answer.retryAfter) headers["Retry-After"] = answer.retryAfter;
      res.writeHead(answer.status, headers).end(answer.body ?? `status ${answer.status}`);
      return;
    }
    if (!signatureValid) {
      res.writeHead(401).end("bad signature");
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ id: `hook-${key}`, url: `http://receiver.test/posts/${key}` }));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    /** Answers for the next requests, in order; afterwards every request gets 200. */
    plan: (...answers: ReceiverAnswer[]) => plan.push(...answers),
    countFor: (key: string) => deliveries.filter((d) => d.idempotencyKey === key).length,
    distinctKeys: () => new Set(deliveries.map((d) => d.idempotencyKey)).size,
    /** Resolves once at least `n` deliveries arrived; rejects after `timeoutMs`. */
    async waitForDeliveries(n: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (deliveries.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} webhook deliveries, got ${deliveries.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 250));
          arrivals.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
