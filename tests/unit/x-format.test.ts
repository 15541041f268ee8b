import { describe, expect, it } from "vitest";
import { createXAdapter } from "@/lib/publishing/networks/x/adapter";
import { isSentPost } from "@/lib/publishing/networks/x/find-sent-post";
import { formatXPost, xComparableText, xPostUrl } from "@/lib/publishing/networks/x/format";
import { xRetryAfterMs } from "@/lib/publishing/networks/x/map-x-error";
import { xMediaCategory } from "@/lib/publishing/networks/x/upload-media";

const image = (altText: string | null) => ({
  id: "m1",
  name: "a.png",
  kind: "IMAGE" as const,
  mimeType: "image/png",
  altText,
});

describe("formatXPost", () => {
  it("keeps the text as written and the media in order with trimmed alt text (at most 1000 characters)", () => {
    const body = formatXPost({
      content: "Hello @someone #tag https://example.com",
      media: [image("  A red square  "), { ...image(""), id: "m2" }, { ...image("x".repeat(1200)), id: "m3" }],
    });
    expect(body.text).toBe("Hello @someone #tag https://example.com");
    expect(body.media.map((m) => [m.id, m.altText?.length ?? null])).toEqual([
      ["m1", 12],
      ["m2", null],
      ["m3", 1000],
    ]);
    expect(body.media[0]?.altText).toBe("A red square");
  });
});

describe("xPostUrl", () => {
  it("is https://x.com/<username>/status/<id>", () => {
    expect(xPostUrl("cadence_stub", "1860000000000000001")).toBe(
      "https://x.com/cadence_stub/status/1860000000000000001",
    );
  });
});

describe("xComparableText (matching what X gives back)", () => {
  const cases: [string, string][] = [
    // X escapes &, < and > in `text`.
    ["Fish & chips <3", "Fish &amp; chips &lt;3"],
    // Links come back as t.co, with or without a scheme in what was sent.
    ["Read https://example.com/a?b=c now", "Read https://t.co/AbCdEf1234 now"],
    ["Read example.com now", "Read https://t.co/AbCdEf1234 now"],
    // Attached media add a trailing t.co link.
    ["Two pictures", "Two pictures https://t.co/ZyXw987654"],
    // Emoji and CJK before a link do not shift what is dropped.
    ["🎉 新しい example.com/a 🎉", "🎉 新しい https://t.co/AbCdEf1234 🎉"],
    // Whitespace is reflowed.
    ["line one\n\nline two", "line one\nline two"],
  ];
  for (const [sent, got] of cases) {
    it(`${JSON.stringify(sent)} matches ${JSON.stringify(got)}`, () => {
      expect(xComparableText(got)).toBe(xComparableText(sent));
    });
  }
  it("different words do not match", () => {
    expect(xComparableText("Fish & chips")).not.toBe(xComparableText("Fish &amp; chops"));
    expect(xComparableText("hello world")).not.toBe(xComparableText("hello, world"));
  });
});

describe("isSentPost", () => {
  const since = new Date("2026-11-29T12:00:00Z");
  const expected = { text: "Hi & bye", media: [image(null)] };
  const post = {
    id: "1",
    text: "Hi &amp; bye https://t.co/x",
    created_at: "2026-11-29T12:00:05.000Z",
    attachments: { media_keys: ["3_1"] },
  };
  it("matches the same text and media count created after the send time", () => {
    expect(isSentPost(post, expected, since)).toBe(true);
  });
  it("allows X's clock two minutes behind, not more", () => {
    expect(isSentPost({ ...post, created_at: "2026-11-29T11:58:30.000Z" }, expected, since)).toBe(true);
    expect(isSentPost({ ...post, created_at: "2026-11-29T11:57:59.000Z" }, expected, since)).toBe(false);
  });
  it("another media count or text is another post", () => {
    expect(isSentPost({ ...post, attachments: undefined }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, text: "Hi &amp; by" }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, created_at: undefined }, expected, since)).toBe(false);
  });
});

describe("xRetryAfterMs", () => {
  const now = 1_800_000_000_000;
  it("waits until x-rate-limit-reset (Unix seconds) when the window is used up", () => {
    expect(xRetryAfterMs({ "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(now / 1000 + 120) }, now)).toBe(
      120_000,
    );
  });
  it("waits for the 24-hour user cap's reset when that one is used up", () => {
    const headers = {
      "x-rate-limit-remaining": "50",
      "x-rate-limit-reset": String(now / 1000 + 60),
      "x-user-limit-24hour-remaining": "0",
      "x-user-limit-24hour-reset": String(now / 1000 + 36_000),
    };
    expect(xRetryAfterMs(headers, now)).toBe(36_000_000);
  });
  it("falls back to retry-after, and is undefined without headers; never negative", () => {
    expect(xRetryAfterMs({ "retry-after": "30" }, now)).toBe(30_000);
    expect(xRetryAfterMs({}, now)).toBeUndefined();
    expect(xRetryAfterMs(undefined, now)).toBeUndefined();
    expect(xRetryAfterMs({ "x-rate-limit-reset": String(now / 1000 - 5) }, now)).toBe(0);
  });
});

describe("xMediaCategory", () => {
  it("maps library kinds to X's media categories", () => {
    expect(["IMAGE", "GIF", "VIDEO"].map((k) => xMediaCategory(k as "IMAGE"))).toEqual([
      "tweet_image",
      "tweet_gif",
      "tweet_video",
    ]);
  });
});

describe("X: canConfirmLostAnswer (the send time)", () => {
  const adapter = createXAdapter({
    settings: () => ({ apiUrl: "https://api.x.com", authUrl: "https://x.com", app: null }),
  });
  const can = (state: Record<string, unknown>) => adapter.canConfirmLostAnswer?.(state);
  it("a stored send time: yes (the recent posts are searched); none: yes (the post request never left)", () => {
    expect(can({ xSentAt: "2026-11-29T15:00:00.000Z" })).toBe(true);
    expect(can({ xMedia: [{ itemId: "a", mediaId: "1", expiresAt: null }] })).toBe(true);
    expect(can({ xSentAt: null })).toBe(true);
    expect(can({})).toBe(true);
  });
  it("a malformed send time: no", () => {
    expect(can({ xSentAt: "yesterday" })).toBe(false);
    expect(can({ xSentAt: 12 })).toBe(false);
  });
  it("never takes an idempotency key", () => {
    expect(adapter.supportsIdempotencyKey).toBe(false);
    expect(adapter.platform).toBe("TWITTER");
  });
});
