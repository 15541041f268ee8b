import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import {
  checkOutboundUrl,
  type OutboundPolicy,
  pinnedLookup,
  type Resolve,
  systemResolve,
} from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";

/** Statuses whose answers have no body (Fetch standard "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A WHATWG `fetch` for client libraries that take one (`@atproto/api`'s AtpAgent/XrpcClient, link-card reads) that
 * sends only through the outbound guard: every request's URL is checked at send time (`checkOutboundUrl`: http(s),
 * no credentials in the URL, every address public or inside OUTBOUND_ALLOW_CIDRS, never a cloud metadata address)
 * and the connection goes to a checked address only (`pinnedLookup`), so DNS rebinding cannot redirect it.
 * Redirects are never followed (a 3xx comes back as it is, like `redirect: "manual"`). The request body is read
 * into memory before sending (API requests and image blobs, ≤ 1 MB here); the answer streams.
 * Rejects with OutboundRefusedError for a refused URL, and with node's network error (`code`: ECONNREFUSED, …) or
 * the signal's reason otherwise.
 */
export function createGuardedFetch({
  policy = outboundPolicyFromEnv,
  resolve = systemResolve,
}: {
  policy?: () => OutboundPolicy;
  resolve?: Resolve;
} = {}): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const target = await checkOutboundUrl(req.url, { policy: policy(), resolve });
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers["content-length"] = String(body.length);
    const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<Response>((resolvePromise, reject) => {
      const outgoing = send(
        target.url,
        { method: req.method, headers, lookup: pinnedLookup(target.addresses), signal: req.signal, agent: false },
        (res) => {
          const answerHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            answerHeaders.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
          }
          const status = res.statusCode ?? 0;
          const empty = NULL_BODY.has(status) || req.method === "HEAD";
          if (empty) res.resume();
          const stream = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          resolvePromise(new Response(stream, { status, statusText: res.statusMessage, headers: answerHeaders }));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  };
}
