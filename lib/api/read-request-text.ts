import { ApiError } from "@/lib/api/errors";

/** `application/json` or a `+json` type; a charset, if named, must be UTF-8 (RFC 8259 §8.1). */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [type = "", ...params] = header.toLowerCase().split(";");
  const mediaType = type.trim();
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return false;
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith("charset="));
  return !charset || /^charset="?utf-8"?$/.test(charset);
}

/**
 * The request body as text, read as a stream and stopped as soon as it passes `maxBytes` (413
 * `payload_too_large`; a Content-Length above the cap is refused before reading anything). Empty string when
 * there is no body. Bytes that are not UTF-8 are a 400 rather than silently replaced.
 */
export async function readRequestText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ApiError("payload_too_large", `Request body is larger than the limit of ${maxBytes} bytes`, {
      limitBytes: maxBytes,
    });
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError("invalid_request", "Request body is not valid UTF-8");
  }
}
