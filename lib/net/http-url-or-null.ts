/**
 * `value` as an absolute http(s) URL (normalised by WHATWG URL parsing), or null for anything else: other
 * schemes (javascript:, data:, sandbox://), relative or unparseable text, URLs with user:password@, and URLs
 * longer than 2048 characters. Used wherever a link a platform returned is stored or rendered, so only web links
 * become clickable.
 */
export function httpUrlOrNull(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  return url.href;
}
