import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import {
  checkOutboundUrl,
  type OutboundPolicy,
  OutboundRefusedError,
  pinnedLookup,
  type Resolve,
  systemResolve,
} from "@/lib/net/outbound-guard";

/** How long one URL may take, from connecting until its last byte (15 s). */
export const MEDIA_URL_TIMEOUT_MS = 15_000;

/**
 * Opens `url` for reading through the outbound guard (README "Webhooks"): http(s) only, no credentials, every
 * address of its host public (or inside `policy.allowCidrs`), and the connection goes to the checked address only
 * (pinnedLookup), so DNS rebinding cannot redirect it. Redirects are not followed: a 3xx is refused, as is any
 * status but 2xx. The whole transfer is cut after `timeoutMs`. Returns the body as a web stream (read it once) and
 * its Content-Length when announced. Throws ApiError 422 `unprocessable` with the reason (refused address, HTTP
 * status, redirect, network error or timeout).
 */
export async function openMediaUrl({
  url,
  policy,
  resolve = systemResolve,
  timeoutMs = MEDIA_URL_TIMEOUT_MS,
}: {
  url: string;
  policy: OutboundPolicy;
  resolve?: Resolve;
  timeoutMs?: number;
}): Promise<{ body: ReadableStream<Uint8Array>; declaredBytes: number | undefined }> {
  let target: Awaited<ReturnType<typeof checkOutboundUrl>>;
  try {
    target = await checkOutboundUrl(url, { policy, resolve });
  } catch (err) {
    if (err instanceof OutboundRefusedError) throw new ApiError("unprocessable", `The URL ${err.message}`);
    throw err;
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  const res = await new Promise<IncomingMessage>((resolvePromise, reject) => {
    const req = send(
      target.url,
      {
        method: "GET",
        headers: { Accept: "image/*, video/*", "User-Agent": "Cadence media import" },
        lookup: pinnedLookup(target.addresses),
        signal,
        agent: false,
      },
      resolvePromise,
    );
    req.on("error", (err: NodeJS.ErrnoException) =>
      reject(
        new ApiError(
          "unprocessable",
          signal.aborted
            ? `The URL did not answer within ${timeoutMs} ms`
            : `The URL could not be fetched (${err.code ?? err.message})`,
        ),
      ),
    );
    req.end();
  });
  const status = res.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    res.destroy();
    const where = res.headers.location ? ` to ${res.headers.location}` : "";
    throw new ApiError(
      "unprocessable",
      status >= 300 && status < 400
        ? `The URL redirects${where}; redirects are not followed: give the file's own URL`
        : `The URL answered HTTP ${status}`,
    );
  }
  const length = res.headers["content-length"];
  return {
    body: Readable.toWeb(res) as ReadableStream<Uint8Array>,
    declaredBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
  };
}
