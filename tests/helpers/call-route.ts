import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { CLIENT_ADDRESS_HEADER, installClientAddressStamp } from "@/lib/api/client-address";
import { getPrisma } from "@/lib/db/prisma";
import { getProducerRedis } from "@/lib/db/redis";
import { getPublishQueue } from "@/lib/queue/publish-queue";

/**
 * What Node's server would stamp as the TCP peer (lib/api/client-address.ts): one made-up address per test file
 * (198.18.0.0/15, the benchmarking range), so files running in parallel never share a sign-in counter.
 */
export const TEST_CLIENT_ADDRESS = `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls an exported route handler the way Next does; `body` is sent as JSON unless it is already a string. */
export async function callRoute(
  handler: Handler,
  {
    method = "GET",
    path,
    token,
    body,
    params = {},
    headers: extraHeaders = {},
  }: {
    method?: string;
    path: string;
    token?: string;
    body?: unknown;
    params?: Record<string, string>;
    /**
     * e.g. `{ cookie: "cadence_session=…", origin: "http://localhost" }`; a content-type given here wins over the
     * default application/json; `x-cadence-client-address` stands for the socket's address.
     */
    headers?: Record<string, string>;
  },
) {
  installClientAddressStamp();
  const headers = new Headers(extraHeaders);
  if (!headers.has(CLIENT_ADDRESS_HEADER)) headers.set(CLIENT_ADDRESS_HEADER, TEST_CLIENT_ADDRESS);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new NextRequest(`http://localhost${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  // Parsed only when the answer is JSON (a CSV export is text).
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON came back
  const json: any = text && /json/.test(res.headers.get("content-type") ?? "json") ? JSON.parse(text) : undefined;
  return { status: res.status, json, text, headers: res.headers };
}

/**
 * Points the app's singletons (getPublishQueue, getProducerRedis, getPrisma) at this test file's own queue name.
 * Call at the top of a test file, before any handler runs; `close` obliterates the queue and closes everything.
 */
export function isolateAppSingletons() {
  process.env.PUBLISH_QUEUE_NAME = `test-${randomUUID()}`;
  return {
    queue: () => getPublishQueue(),
    async close() {
      const queue = getPublishQueue();
      await queue.obliterate({ force: true });
      await queue.close();
      await getProducerRedis().quit();
      await getPrisma().$disconnect();
    },
  };
}
