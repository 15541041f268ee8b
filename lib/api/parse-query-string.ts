import { ApiError } from "@/lib/api/errors";

/**
 * `?a=1&b=x%20y` → `{ a: "1", b: "x y" }` (a repeated name keeps its last value, as URLSearchParams +
 * Object.fromEntries did). Unlike URLSearchParams, percent-escapes that are not UTF-8 (`%ED%A0%80`, a lone
 * surrogate's bytes) are a 400 naming the parameter instead of turning silently into U+FFFD.
 */
export function parseQueryString(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = search.startsWith("?") ? search.slice(1) : search;
  if (raw === "") return out;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const name = decode(rawName, null);
    out[name] = decode(rawValue, name);
  }
  return out;
}

function decode(part: string, name: string | null): string {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    const path = name ?? "(query)";
    const what = name === null ? "A query parameter name" : `Query parameter ${name}`;
    throw new ApiError("invalid_request", `Invalid query: ${what} is not valid percent-encoded UTF-8`, [
      { path, message: "is not valid percent-encoded UTF-8" },
    ]);
  }
}
