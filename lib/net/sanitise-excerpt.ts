/**
 * A short, printable excerpt of text a remote server sent (a webhook's answer), safe to store and show: control
 * and format characters (C0, C1, bidi overrides, zero-width) become spaces, whitespace runs collapse, each of
 * `secrets` (and anything Bearer-/Basic-shaped) is replaced by "[redacted]", and the result is cut to `max`
 * characters (default 200) with "…" when longer. Never throws; empty input gives "".
 */
export function sanitiseExcerpt(text: string, { max = 200, secrets = [] }: { max?: number; secrets?: string[] } = {}) {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  out = out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]")
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(out);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : out;
}
