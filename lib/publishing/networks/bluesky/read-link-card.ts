import { Parser } from "htmlparser2";
import sharp from "sharp";

/** What app.bsky.embed.external shows: the link, its page's title and description, and a thumbnail to upload. */
export type LinkCard = {
  uri: string;
  title: string;
  description: string;
  thumb: { bytes: Uint8Array; mimeType: string } | null;
};

/** The lexicon's thumb blob cap (lexicons/app/bsky/embed/external.json: `thumb` maxSize 1000000, image/*). */
export const LINK_CARD_THUMB_MAX_BYTES = 1_000_000;
const MAX_HTML_BYTES = 512 * 1024;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 5_000;

/**
 * Reads a link card for `url` as Bluesky's app makes one (https://docs.bsky.app/docs/advanced-guides/posts#website-card-embeds):
 * `og:title` (else `<title>`), `og:description` (else `<meta name="description">`), and `og:image` (else
 * `twitter:image`) fetched and, when over 1,000,000 bytes or not JPEG/PNG/WebP, re-encoded as a JPEG of at most
 * 1000 px. Everything goes through `fetch` (the guarded one), at most 3 redirects (each checked again), 5 s per
 * request, the first 512 KB of HTML and 10 MB of image. Returns null when the page cannot be read or is not HTML;
 * a card without image when only the image fails. Never throws for the page's faults.
 */
export async function readLinkCard({
  url,
  fetch,
  signal,
}: {
  url: string;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<LinkCard | null> {
  const page = await getBounded(url, fetch, MAX_HTML_BYTES, signal, "text/html").catch(() => null);
  if (!page) return null;
  const meta = parseHead(new TextDecoder().decode(page.bytes));
  const title = (meta.get("og:title") ?? meta.get("title") ?? "").trim().slice(0, 300);
  const description = (meta.get("og:description") ?? meta.get("description") ?? "").trim().slice(0, 1000);
  const imageRef = meta.get("og:image") ?? meta.get("twitter:image");
  let thumb: LinkCard["thumb"] = null;
  if (imageRef) {
    try {
      const imageUrl = new URL(imageRef, page.url).toString();
      const image = await getBounded(imageUrl, fetch, MAX_IMAGE_BYTES, signal, "image/");
      if (image) thumb = await fitThumb(image.bytes, image.contentType);
    } catch {
      thumb = null;
    }
  }
  if (!title && !description && !thumb) return null;
  return { uri: url, title, description, thumb };
}

/** GETs `url` following ≤ 3 redirects; null unless 200 with a Content-Type starting with `type`; at most `max` bytes. */
async function getBounded(
  url: string,
  fetch: typeof globalThis.fetch,
  max: number,
  signal: AbortSignal | undefined,
  type: string,
): Promise<{ url: string; bytes: Uint8Array; contentType: string } | null> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    const res = await fetch(current, {
      headers: { accept: type === "text/html" ? "text/html" : "image/*", "user-agent": "Cadence-LinkCard/1" },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      current = new URL(location, current).toString();
      continue;
    }
    const contentType = (res.headers.get("content-type") ?? "").toLowerCase();
    if (res.status !== 200 || !contentType.startsWith(type) || !res.body) {
      await res.body?.cancel();
      return null;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
    await reader.cancel();
    if (size >= max && type !== "text/html") return null; // a cut-off image is useless
    const bytes = Buffer.concat(chunks).subarray(0, max);
    return { url: current, bytes, contentType };
  }
  return null;
}

/** `<title>` and the `<meta property|name=… content=…>` of the head, keys lower-cased; the first of each wins. */
function parseHead(html: string): Map<string, string> {
  const found = new Map<string, string>();
  let inTitle = false;
  let title = "";
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "title") inTitle = true;
        if (name !== "meta") return;
        const key = (attrs.property ?? attrs.name ?? "").toLowerCase();
        if (key && attrs.content !== undefined && !found.has(key)) found.set(key, attrs.content);
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  if (title.trim() && !found.has("title")) found.set("title", title.trim());
  return found;
}

const THUMB_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

async function fitThumb(bytes: Uint8Array, contentType: string): Promise<LinkCard["thumb"]> {
  const mimeType = contentType.split(";")[0]?.trim() ?? "";
  if (THUMB_TYPES.has(mimeType) && bytes.length <= LINK_CARD_THUMB_MAX_BYTES) return { bytes, mimeType };
  const jpeg = await sharp(bytes, { limitInputPixels: 50_000_000 })
    .rotate()
    .resize({ width: 1000, height: 1000, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 80 })
    .toBuffer();
  return jpeg.length <= LINK_CARD_THUMB_MAX_BYTES ? { bytes: jpeg, mimeType: "image/jpeg" } : null;
}
