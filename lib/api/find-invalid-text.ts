/**
 * Text PostgreSQL cannot store: a NUL (U+0000, refused in `text` and `jsonb`) or a lone UTF-16 surrogate
 * (U+D800–U+DFFF without its pair: not a Unicode scalar value, so it has no UTF-8 form). Both reach us from JSON
 * escapes (`"\u0000"`, `"\ud800"`) or a percent-encoded path segment (`%00`).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function invalidTextReason(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000)";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode text)";
  return null;
}

export type InvalidText = { path: string; message: string };

/** Deeper than this, a request value is refused before anything walks or validates it. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first string (value or object key) in a parsed JSON value that PostgreSQL cannot store, as
 * `{ path: "config.a.b", message }` (array items by index: `tags.0`; `(root)` for the value itself), or a value
 * nested deeper than MAX_JSON_DEPTH; null when all text is storable. Iterative: a hostile nesting depth
 * cannot overflow the stack.
 */
export function findInvalidText(value: unknown, maxDepth = MAX_JSON_DEPTH): InvalidText | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const name = (path: string[]) => path.join(".") || "(root)";
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string[] };
    if (typeof item.value === "string") {
      const reason = invalidTextReason(item.value);
      if (reason) return { path: name(item.path), message: reason };
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.path.length >= maxDepth) {
      return { path: name(item.path), message: `is nested more than ${maxDepth} levels deep` };
    }
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? item.value.map((v, i) => [String(i), v])
      : Object.entries(item.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as [string, unknown];
      const keyReason = invalidTextReason(key);
      if (keyReason) {
        // The key itself is shown escaped (`a\u0000b`), never raw.
        const shown = JSON.stringify(key).slice(1, -1);
        return { path: name([...item.path, shown]), message: `is a field name that ${keyReason}` };
      }
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return null;
}
