import { describe, expect, it } from "vitest";
import { isPublishedMedia } from "@/lib/publishing/networks/instagram/find-published-media";
import { formatInstagramCaption, formatInstagramPost } from "@/lib/publishing/networks/instagram/format";
import { mapInstagramError } from "@/lib/publishing/networks/instagram/map-instagram-error";
import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";

const image = (id: string, altText: string | null = null) => ({
  id,
  name: `${id}.jpg`,
  kind: "IMAGE" as const,
  mimeType: "image/jpeg",
  altText,
});
const video = (id: string) => ({ id, name: `${id}.mp4`, kind: "VIDEO" as const, mimeType: "video/mp4", altText: "x" });

describe("formatInstagramCaption", () => {
  it.each([
    ["Hello\r\nworld", "Hello\nworld"],
    ["old\rmac", "old\nmac"],
    ["trailing   \nspaces\t\n", "trailing\nspaces"],
    ["\n\nFirst line\n\n\nafter blank lines\n\n", "First line\n\n\nafter blank lines"],
    ["  indented stays", "  indented stays"],
    ["#one #two @friend https://example.com", "#one #two @friend https://example.com"],
    ["emoji 🙂 kept", "emoji 🙂 kept"],
    ["", ""],
    ["\r\n\r\n", ""],
  ])("%j → %j", (input, want) => {
    expect(formatInstagramCaption(input)).toBe(want);
  });
});

describe("formatInstagramPost", () => {
  it("one image → IMAGE with its alt text; one video → REELS without alt text", () => {
    expect(formatInstagramPost({ content: "Hi ", media: [image("a", " A cat ")] })).toEqual({
      kind: "IMAGE",
      caption: "Hi",
      items: [{ mediaId: "a", name: "a.jpg", type: "IMAGE", mimeType: "image/jpeg", altText: "A cat" }],
      problem: null,
    });
    const reel = formatInstagramPost({ content: "Reel", media: [video("v")] });
    expect([reel.kind, reel.items[0]?.type, reel.items[0]?.altText]).toEqual(["REELS", "VIDEO", null]);
  });

  it("2 to 10 items → CAROUSEL in the post's order; more, none, or a GIF is a problem", () => {
    const ten = Array.from({ length: 10 }, (_, i) => (i % 3 === 2 ? video(`m${i}`) : image(`m${i}`)));
    const carousel = formatInstagramPost({ content: "c", media: ten });
    expect(carousel.kind).toBe("CAROUSEL");
    expect(carousel.items.map((i) => i.mediaId)).toEqual(ten.map((m) => m.id));
    expect(carousel.problem).toBeNull();
    expect(formatInstagramPost({ content: "c", media: [...ten, image("eleven")] }).problem).toMatch(
      /at most 10 items; this post has 11/,
    );
    expect(formatInstagramPost({ content: "c", media: [] }).problem).toMatch(/needs an image or a video/);
    expect(
      formatInstagramPost({ content: "c", media: [], mediaUrls: ["https://cdn.example.com/a.jpg"] }).problem,
    ).toMatch(/only media URLs; import them into the library/);
    const gif = { ...image("g"), kind: "GIF" as const, mimeType: "image/gif", name: "g.gif" };
    expect(formatInstagramPost({ content: "c", media: [image("a"), gif] }).problem).toMatch(
      /media 2 \(g\.gif\) is a GIF/,
    );
  });
});

describe("isPublishedMedia", () => {
  const expected = formatInstagramPost({ content: "Found me", media: [image("a")] });
  const since = new Date("2026-11-29T12:00:00Z");
  it.each([
    [{ media_type: "IMAGE", caption: "Found me", timestamp: "2026-11-29T12:00:05+0000" }, true],
    [{ media_type: "IMAGE", caption: "Found me", timestamp: "2026-11-29T11:58:30+0000" }, true], // within the skew
    [{ media_type: "IMAGE", caption: "Found me", timestamp: "2026-11-29T11:57:00+0000" }, false], // before the send
    [{ media_type: "VIDEO", caption: "Found me", timestamp: "2026-11-29T12:00:05+0000" }, false],
    [{ media_type: "IMAGE", caption: "Other", timestamp: "2026-11-29T12:00:05+0000" }, false],
    [{ media_type: "IMAGE", caption: "Found me", timestamp: "garbage" }, false],
  ])("%j → %s", (media, want) => {
    expect(isPublishedMedia({ id: "1", ...media }, expected, since)).toBe(want);
  });
  it("an empty caption matches a media without one", () => {
    const bare = formatInstagramPost({ content: "", media: [image("a"), image("b")] });
    expect(
      isPublishedMedia({ id: "1", media_type: "CAROUSEL_ALBUM", timestamp: since.toISOString() }, bare, since),
    ).toBe(true);
  });
});

describe("mapInstagramError", () => {
  const err = (body: Record<string, unknown>, status = 400) => new GraphApiError(status, body, new Headers());
  it.each([
    [{ message: "Unsupported post request", code: 100, error_subcode: 33 }, "permanent", /^account not eligible/],
    [{ message: "restricted", code: 25, error_subcode: 2207050 }, "permanent", /^account not eligible/],
    [{ message: "limit", code: 9, error_subcode: 2207042 }, "permanent", /24-hour publishing limit/],
    [{ message: "spam", code: 4, error_subcode: 2207051 }, "permanent", /possible spam/],
    [{ message: "fetch", code: 9004, error_subcode: 2207052 }, "permanent", /refused the media/],
    [{ message: "too large", code: 36000, error_subcode: 2207004 }, "permanent", /refused the media/],
    [{ message: "timeout", code: -2, error_subcode: 2207003 }, "transient", /timeout/],
    [{ message: "not ready", code: 9007, error_subcode: 2207027 }, "transient", /not ready/],
    [{ message: "expired", code: 190, error_subcode: 463 }, "reconnect", /connect the account again/],
    [{ message: "slow down", code: 80002 }, "transient", /rate limit/],
  ])("%j → %s", (body, kind, says) => {
    const mapped = mapInstagramError(err(body), "step");
    expect(mapped.kind).toBe(kind);
    expect(mapped.message).toMatch(says);
    expect(mapped.httpStatus).toBe(400);
  });
});
