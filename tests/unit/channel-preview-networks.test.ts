import { describe, expect, it } from "vitest";
import { previewFacebookPost } from "@/components/composer/channel-preview-facebook";
import { previewInstagramPost } from "@/components/composer/channel-preview-instagram";
import { previewLinkedInPost, readLittleCommentary } from "@/components/composer/channel-preview-linkedin";
import { cutPreviewSegments, type PreviewSegment } from "@/components/composer/channel-preview-segments";
import { previewThreadsPost } from "@/components/composer/channel-preview-threads";
import { previewXPost } from "@/components/composer/channel-preview-x";
import { toLittleCommentary } from "@/lib/publishing/networks/linkedin/little-text";
import { threadsLength } from "@/lib/publishing/rules/threads";
import { xWeightedLength } from "@/lib/publishing/rules/x";

type Kind = "IMAGE" | "GIF" | "VIDEO";
const item = (id: string, kind: Kind = "IMAGE", altText: string | null = null) => ({
  id,
  name: `${id}.${kind === "VIDEO" ? "mp4" : kind === "GIF" ? "gif" : "jpg"}`,
  kind,
  mimeType: kind === "VIDEO" ? "video/mp4" : kind === "GIF" ? "image/gif" : "image/jpeg",
  altText,
});
const joined = (segments: PreviewSegment[]) => segments.map((s) => s.text).join("");
const over = (segments: PreviewSegment[]) =>
  segments
    .filter((s) => s.over)
    .map((s) => s.text)
    .join("");
const marked = (segments: PreviewSegment[]) => segments.filter((s) => s.kind !== "text").map((s) => [s.kind, s.text]);

describe("cutPreviewSegments", () => {
  it("cuts at the marks and at the limit, even inside a mark, and loses no character", () => {
    const text = "see https://a.example/x now";
    const segments = cutPreviewSegments(text, [{ start: 4, end: 23, kind: "link" }], 10);
    expect(segments).toEqual([
      { kind: "text", text: "see ", over: false },
      { kind: "link", text: "https:", over: false },
      { kind: "link", text: "//a.example/x", over: true },
      { kind: "text", text: " now", over: true },
    ]);
    expect(joined(segments)).toBe(text);
    expect(cutPreviewSegments("", [], null)).toEqual([]);
  });
});

describe("previewXPost", () => {
  it("marks what X links and counts it as twitter-text does (a link weighs 23)", () => {
    const p = previewXPost({ content: "Launch day: example.com #release @bob $CASH", media: [] });
    expect(p.weightedLength).toBe(12 + 23 + 20);
    expect(marked(p.segments)).toEqual([
      ["link", "example.com"],
      ["tag", "#release"],
      ["mention", "@bob"],
      ["tag", "$CASH"],
    ]);
    expect(p.links).toEqual(["example.com"]);
    expect(over(p.segments)).toBe("");
  });

  // Where X's 280 weighted characters end, for texts whose characters weigh differently.
  it.each([
    [
      "a long link past the limit",
      `${"a".repeat(270)} https://example.com/a/very/long/path`,
      "https://example.com/a/very/long/path",
    ],
    ["CJK (weight 2)", `${"日".repeat(140)}本語`, "本語"],
    ["emoji (weight 2 per sequence)", `${"a".repeat(278)}👨‍👩‍👧‍👦b`, "b"],
    ["Latin at 281", `${"a".repeat(280)}z`, "z"],
  ])("%s: marked from the first character past 280", (_name, content, past) => {
    const p = previewXPost({ content, media: [] });
    expect(p.weightedLength).toBe(xWeightedLength(content));
    expect(over(p.segments)).toBe(past);
    expect(joined(p.segments)).toBe(content);
  });

  it("shows the text in NFC, as X keeps it", () => {
    expect(previewXPost({ content: "Cafe\u0301", media: [] }).text).toBe("Café");
  });

  it("names the media shape X takes, with the alt text as sent", () => {
    const four = previewXPost({ content: "", media: ["a", "b", "c", "d"].map((id) => item(id, "IMAGE", " alt ")) });
    expect(four.shape).toBe("images");
    expect(four.media.map((m) => m.altText)).toEqual(["alt", "alt", "alt", "alt"]);
    expect(previewXPost({ content: "", media: [item("g", "GIF")] }).shape).toBe("gif");
    expect(previewXPost({ content: "", media: [item("v", "VIDEO")] }).shape).toBe("video");
    expect(previewXPost({ content: "", media: [item("i"), item("v", "VIDEO")] }).shape).toBe("mixed");
    expect(previewXPost({ content: "x", media: [] }).shape).toBe("none");
  });
});

describe("previewThreadsPost", () => {
  it.each([
    ["501 Latin characters", `${"a".repeat(500)}b`, "b"],
    ["an emoji that crosses 500 (4 UTF-8 bytes)", `${"a".repeat(497)}🎉 ok`, "🎉 ok"],
    ["a ZWJ family that crosses 500", `${"a".repeat(480)}👨‍👩‍👧‍👦`, "👨‍👩‍👧‍👦"],
  ])("%s: marked from where Threads' count passes 500", (_name, content, past) => {
    const p = previewThreadsPost({ content, media: [] });
    expect(p.length).toBe(threadsLength(content));
    expect(p.length).toBeGreaterThan(500);
    expect(over(p.segments)).toBe(past);
    expect(threadsLength(content.slice(0, p.overFrom ?? 0))).toBeLessThanOrEqual(500);
  });

  it("500 characters exactly are not over", () => {
    const p = previewThreadsPost({ content: "a".repeat(500), media: [] });
    expect(p.overFrom).toBeNull();
    expect(over(p.segments)).toBe("");
  });

  it("marks the links past the 5th distinct one (a repeat, in any case, is not a new link)", () => {
    const content = "a.com b.com A.COM c.com d.com e.com f.com g.com";
    const p = previewThreadsPost({ content, media: [] });
    expect(p.links.map((l) => [l.url, l.over])).toEqual([
      ["a.com", false],
      ["b.com", false],
      ["c.com", false],
      ["d.com", false],
      ["e.com", false],
      ["f.com", true],
      ["g.com", true],
    ]);
    expect(p.segments.filter((s) => s.over).map((s) => s.text)).toEqual(["f.com", "g.com"]);
    expect(p.linkPreview).toBe("a.com");
  });

  it("TEXT with a link preview; one image IMAGE; several a CAROUSEL without the preview", () => {
    expect(previewThreadsPost({ content: "read https://a.example", media: [] }).mediaType).toBe("TEXT");
    const single = previewThreadsPost({ content: "read https://a.example", media: [item("a", "IMAGE", "A")] });
    expect([single.mediaType, single.linkPreview, single.items[0]?.altText]).toEqual(["IMAGE", null, "A"]);
    const carousel = previewThreadsPost({ content: "", media: [item("a"), item("v", "VIDEO")] });
    expect([carousel.mediaType, carousel.text, carousel.items.map((i) => i.mediaType)]).toEqual([
      "CAROUSEL",
      "",
      ["IMAGE", "VIDEO"],
    ]);
  });
});

describe("previewLinkedInPost", () => {
  // The commentary LinkedIn is sent (little format) must read back, for its readers, as the text written.
  it.each([
    "Launch #release (beta) @bob [1] {x} a_b *c* ~d~ <e> | \\ done",
    "C# and #1 are not tags; #tag_2 is; https://a.example/#top is a link",
    "日本語 #タグ 🎉 #été",
    "",
    "\\#escaped? {hashtag|\\#|fake}",
  ])("reads back %j as written", (text) => {
    expect(readLittleCommentary(toLittleCommentary(text)).text).toBe(text);
  });

  it("marks the hashtags LinkedIn links and the web addresses; @names stay plain", () => {
    const p = previewLinkedInPost(
      { content: "Launch #release, C# and https://a.example/#top with @bob", media: [] },
      { config: { authorUrn: "urn:li:organization:42", kind: "organization", name: "Acme" } },
    );
    expect(marked(p.segments)).toEqual([
      ["tag", "#release"],
      ["link", "https://a.example/#top"],
    ]);
    expect(p.text).toBe("Launch #release, C# and https://a.example/#top with @bob");
    expect(p.plainMentions).toBe(1);
    expect(p.author).toEqual({ urn: "urn:li:organization:42", kind: "page", name: "Acme" });
    expect([p.shape, p.articleUrl]).toEqual(["article", "https://a.example/#top"]);
  });

  it("images win over the article; a member author; a channel without one; a video is refused", () => {
    const member = { config: { authorUrn: "urn:li:person:abc" } };
    const one = previewLinkedInPost({ content: "https://a.example", media: [item("a", "IMAGE", "alt")] }, member);
    expect([one.shape, one.articleUrl, one.author?.kind, one.author?.name]).toEqual(["image", null, "member", null]);
    expect(previewLinkedInPost({ content: "x", media: [item("a"), item("b")] }, member).shape).toBe("multi-image");
    expect(previewLinkedInPost({ content: "plain", media: [] }, { config: {} })).toMatchObject({
      shape: "text",
      author: null,
      refusal: null,
    });
    expect(previewLinkedInPost({ content: "x", media: [item("v", "VIDEO")] }, member).refusal).toMatch(/video/);
  });
});

describe("previewFacebookPost", () => {
  it("the first link is previewed only without media; a video is refused", () => {
    const text = previewFacebookPost({ content: "  Read https://a.example/post. Then b.example  ", media: [] });
    expect([text.message, text.link]).toEqual([
      "Read https://a.example/post. Then b.example",
      "https://a.example/post",
    ]);
    expect(marked(text.segments)).toEqual([["link", "https://a.example/post"]]);
    const photos = previewFacebookPost({ content: "Read https://a.example", media: [item("a", "IMAGE", " alt ")] });
    expect([photos.link, photos.photos, photos.refusal]).toEqual([
      null,
      [{ id: "a", name: "a.jpg", altText: "alt" }],
      null,
    ]);
    expect(previewFacebookPost({ content: "", media: [item("v", "VIDEO")] }).refusal).toMatch(/videos/);
  });
});

describe("previewInstagramPost", () => {
  it("a post without media cannot go; the caption's hashtags are counted against 5", () => {
    const none = previewInstagramPost({ content: "#a #b #c #d #e #f x#no C#", media: [] });
    expect(none.problem).toMatch(/needs an image or a video/);
    expect([none.hashtags, none.maxHashtags]).toEqual([6, 5]);
  });

  it("one image, a reel (no alt text), a carousel, more than 10", () => {
    expect(previewInstagramPost({ content: "hi", media: [item("a", "IMAGE", "alt")] })).toMatchObject({
      kind: "IMAGE",
      problem: null,
      items: [{ altText: "alt" }],
    });
    expect(previewInstagramPost({ content: "", media: [item("v", "VIDEO", "alt")] })).toMatchObject({
      kind: "REELS",
      items: [{ altText: null }],
    });
    const eleven = Array.from({ length: 11 }, (_, i) => item(`m${i}`));
    expect(previewInstagramPost({ content: "", media: eleven.slice(0, 10) })).toMatchObject({
      kind: "CAROUSEL",
      problem: null,
    });
    expect(previewInstagramPost({ content: "", media: eleven }).problem).toMatch(/at most 10/);
  });
});
