import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import {
  checkOutboundUrl,
  type OutboundPolicy,
  pinnedLookup,
  type Resolve,
  systemResolve,
} from "@/lib/net/outbound-guard";

export interface CheckedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `maxBodyBytes` of the answer as UTF-8; the rest is never read. */
  body: string;
  /** The address the request connected to (one of the checked ones). */
  remoteAddress: string | undefined;
}

/**
 * Sends one HTTP(S) request to a user-chosen URL through the outbound guard: the URL is checked now
 * (`checkOutboundUrl`, throws OutboundRefusedError) and the connection goes to the checked address only, with the
 * original Host header and TLS server name, so a DNS answer that changed since (rebinding) is never used.
 * Redirects are not followed (a 3xx comes back as it is). Network errors (ECONNREFUSED, ETIMEDOUT, abort) are
 * thrown as node raises them, with `code`.
 */
export async function sendCheckedRequest({
  url,
  method,
  headers,
  body,
  signal,
  policy,
  resolve = systemResolve,
  maxBodyBytes = 16 * 1024,
}: {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  policy: OutboundPolicy;
  resolve?: Resolve;
  maxBodyBytes?: number;
}): Promise<CheckedResponse> {
  const target = await checkOutboundUrl(url, { policy, resolve });
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<CheckedResponse>((resolvePromise, reject) => {
    const req = send(
      target.url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target.addresses),
        signal,
        agent: false,
      },
      (res) => {
        const remoteAddress = res.socket?.remoteAddress;
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          res.destroy();
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString("utf8"),
            remoteAddress,
          });
        };
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBodyBytes) finish();
        });
        res.on("end", finish);
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
