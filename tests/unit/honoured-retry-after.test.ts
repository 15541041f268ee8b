import { describe, expect, it } from "vitest";
import { honouredRetryAfterMs } from "@/lib/publishing/honoured-retry-after";

const capMs = 15 * 60_000;
const backoffMs = 2_000;
const honoured = (retryAfterMs: number | undefined) => honouredRetryAfterMs({ retryAfterMs, backoffMs, capMs });

describe("honouredRetryAfterMs", () => {
  it("honours a hint longer than the backoff up to the cap, inclusive", () => {
    expect(honoured(2_001)).toBe(2_001);
    expect(honoured(60_000)).toBe(60_000);
    expect(honoured(capMs)).toBe(capMs);
  });

  it("falls back to ordinary backoff beyond the cap (Retry-After: 86400, 99999999999, a far HTTP date)", () => {
    expect(honoured(capMs + 1)).toBeNull();
    expect(honoured(86_400 * 1000)).toBeNull();
    expect(honoured(99_999_999_999 * 1000)).toBeNull();
    expect(honoured(Date.parse("Fri, 31 Dec 2100 23:59:59 GMT") - Date.now())).toBeNull();
  });

  it("ignores absent, unreadable or negative hints, and ones the backoff already covers", () => {
    for (const value of [undefined, Number.NaN, Number.POSITIVE_INFINITY, -1, -86_400_000, 0, 1_999, backoffMs]) {
      expect(honoured(value)).toBeNull();
    }
  });

  it("follows a configured cap", () => {
    expect(honouredRetryAfterMs({ retryAfterMs: 5_000, backoffMs: 100, capMs: 4_999 })).toBeNull();
    expect(honouredRetryAfterMs({ retryAfterMs: 5_000, backoffMs: 100, capMs: 5_000 })).toBe(5_000);
  });
});
