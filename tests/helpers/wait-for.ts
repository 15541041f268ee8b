/** Polls `check` until it returns a value other than undefined/false; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs = 20_000, everyMs = 100 }: { what: string; timeoutMs?: number; everyMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
