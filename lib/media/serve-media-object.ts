import { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import type { MediaStorage } from "@/lib/media/storage/types";

/**
 * The inclusive byte range one `Range: bytes=…` header asks of an object of `size` bytes (RFC 9110 §14.1.2: `a-b`,
 * `a-`, `-suffix`), null to send the whole object (no header, another unit, or several ranges), or "unsatisfiable".
 */
function parseRange(header: string | null, size: number): { start: number; end: number } | null | "unsatisfiable" {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

/**
 * A response streaming the stored object `key` (or the byte range asked in `range`, 206), with its stored
 * Content-Type, `X-Content-Type-Options: nosniff`, `Content-Disposition: inline` and `Accept-Ranges: bytes`.
 * 416 with `Content-Range: bytes *\/size` for a range past the end. ApiError 404 when the object is gone.
 */
export async function serveMediaObject({
  storage,
  key,
  range,
  cacheControl,
}: {
  storage: MediaStorage;
  key: string;
  range: string | null;
  cacheControl: string;
}): Promise<Response> {
  const head = await storage.head(key);
  if (!head) throw new ApiError("not_found", "The stored file is missing");
  const headers = new Headers({
    "content-type": head.contentType,
    "x-content-type-options": "nosniff",
    "content-disposition": "inline",
    "accept-ranges": "bytes",
    "cache-control": cacheControl,
  });
  const wanted = parseRange(range, head.bytes);
  if (wanted === "unsatisfiable") {
    headers.set("content-range", `bytes */${head.bytes}`);
    return new Response(null, { status: 416, headers });
  }
  const object = await storage.get(key, wanted ?? undefined);
  if (!object) throw new ApiError("not_found", "The stored file is missing");
  const body = Readable.toWeb(object.body) as ReadableStream<Uint8Array>;
  if (!wanted) {
    headers.set("content-length", String(object.bytes));
    return new Response(body, { status: 200, headers });
  }
  headers.set("content-length", String(wanted.end - wanted.start + 1));
  headers.set("content-range", `bytes ${wanted.start}-${wanted.end}/${head.bytes}`);
  return new Response(body, { status: 206, headers });
}
