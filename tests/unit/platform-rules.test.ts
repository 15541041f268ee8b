import { describe, expect, it } from "vitest";
import type { Platform } from "@/lib/generated/prisma/enums";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { channelLimitsSchema } from "@/lib/publishing/rules/channel-limits-schema";
import { checkChannelsFit } from "@/lib/publishing/rules/check-channels";
import { checkContent } from "@/lib/publishing/rules/check-content";
import { mastodonLength } from "@/lib/publishing/rules/mastodon";
import { mediaKind } from "@/lib/publishing/rules/media-kind";
import { graphemeLength, graphemes } from "@/lib/publishing/rules/text-measures";
import { threadsLength, threadsLinkCount } from "@/lib/publishing/rules/threads";
import { xWeightedLength } from "@/lib/publishing/rules/x";

const none: string[] = [];
const image = (n = 1) => Array.from({ length: n }, (_, i) => `https://cdn.example.com/img-${i}.jpg`);
const video = "https://cdn.example.com/clip.mp4";
const gif = "https://cdn.example.com/loop.gif";
const rulesOf = (platform: Platform, content: string, mediaUrls: readonly string[] = none) =>
  checkContent(platform, { content, mediaUrls }).problems.map((p) => p.rule);
const lengthOf = (platform: Platform, content: string) =>
  checkContent(platform, { content, mediaUrls: image() }).counts[0]?.used;

const FAMILY = "👨‍👩‍👧‍👦"; // 7 code points, 11 UTF-16 units, 25 UTF-8 bytes, 1 grapheme

describe("X: twitter-text's weighted length", () => {
  it("counts a link 23 with or without a scheme (the issue's inputs)", () => {
    expect(xWeightedLength(`${"a".repeat(260)} example.com`)).toBe(284);
    expect(rulesOf("TWITTER", `${"a".repeat(260)} example.com`)).toEqual(["text.length"]);
    const withPath = `${"a".repeat(250)} example.com/${"p".repeat(40)}`;
    expect(xWeightedLength(withPath)).toBe(274);
    expect(rulesOf("TWITTER", withPath)).toEqual([]);
    expect(xWeightedLength("see https://example.com/a/very/long/path?with=query&and=more")).toBe(4 + 23);
    expect(xWeightedLength("http://x.io, www.example.org.")).toBe(23 + 2 + 23 + 1);
  });
  it("does not take a word with a dot but no known TLD for a link", () => {
    expect(xWeightedLength("file.tsx")).toBe(8);
  });
  it("weighs CJK 2, Latin 1, any emoji sequence 2, after NFC", () => {
    expect(xWeightedLength("日本語")).toBe(6);
    expect(xWeightedLength("café – “quoted”")).toBe(15);
    expect(xWeightedLength(FAMILY)).toBe(2);
    expect(xWeightedLength("🇩🇪")).toBe(2);
    expect(xWeightedLength("e\u0301")).toBe(1);
    expect(rulesOf("TWITTER", "字".repeat(140))).toEqual([]);
    expect(rulesOf("TWITTER", "字".repeat(141))).toEqual(["text.length"]);
  });
  it("says how much is too much", () => {
    const { problems } = checkContent("TWITTER", { content: `${"a".repeat(260)} example.com`, mediaUrls: none });
    expect(problems[0]?.message).toBe("X (Twitter) allows 280 weighted characters; this post has 284 (4 too many)");
  });
  it("refuses the characters X refuses", () => {
    expect(rulesOf("TWITTER", "hello\uFFFE")).toEqual(["text.invalid"]);
  });
  it("takes 4 images, or 1 video or GIF alone", () => {
    expect(rulesOf("TWITTER", "hi", image(4))).toEqual([]);
    expect(rulesOf("TWITTER", "hi", image(5))).toEqual(["media.max"]);
    expect(rulesOf("TWITTER", "hi", [video])).toEqual([]);
    expect(rulesOf("TWITTER", "hi", [gif])).toEqual([]);
    expect(rulesOf("TWITTER", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
    expect(rulesOf("TWITTER", "hi", [gif, ...image(1)])).toEqual(["media.video-alone"]);
    expect(rulesOf("TWITTER", "hi", [video, video])).toEqual(["media.video-alone"]);
  });
  it("needs text or media", () => {
    expect(rulesOf("TWITTER", "  ")).toEqual(["text.empty"]);
    expect(rulesOf("TWITTER", "", image(1))).toEqual([]);
  });
});

describe("Mastodon: the server's StatusLengthValidator", () => {
  it("counts a link with a scheme 23 whatever its length, a scheme-less one by its letters", () => {
    expect(mastodonLength(`https://example.com/${"x".repeat(200)}`)).toBe(23);
    expect(mastodonLength("http://a.io")).toBe(23);
    expect(mastodonLength("example.com")).toBe(11);
    expect(lengthOf("MASTODON", `${"a".repeat(477)} https://example.com/${"x".repeat(200)}`)).toBe(501);
  });
  it("counts a mention @user@domain as @user, also beside a link", () => {
    expect(mastodonLength("hi @alice@mastodon.social")).toBe(3 + 6);
    expect(mastodonLength("@bob@social.example.org https://example.com/long/path")).toBe(4 + 1 + 23);
    expect(mastodonLength("@carol")).toBe(6);
    // An e-mail address is not a mention.
    expect(mastodonLength("mail x@example.org")).toBe(18);
  });
  it("counts graphemes: emoji sequences and combining marks are one", () => {
    expect(mastodonLength(`${FAMILY}🇩🇪e\u0301`)).toBe(3);
    expect(rulesOf("MASTODON", FAMILY.repeat(500))).toEqual([]);
    expect(rulesOf("MASTODON", FAMILY.repeat(501))).toEqual(["text.length"]);
  });
  it("takes the server's own limits from the channel", () => {
    const limits = readChannelLimits({ limits: { maxCharacters: 5000, maxMedia: 8, charactersPerUrl: 30 } });
    expect(checkContent("MASTODON", { content: "a".repeat(4000), mediaUrls: image(8) }, limits).problems).toEqual([]);
    expect(checkContent("MASTODON", { content: "a".repeat(5001), mediaUrls: none }, limits).counts[0]).toEqual({
      id: "length",
      unit: "characters",
      used: 5001,
      max: 5000,
    });
    expect(mastodonLength("https://example.com/x", limits)).toBe(30);
  });
  it("takes 4 media, a video alone (a GIF may sit beside images)", () => {
    expect(rulesOf("MASTODON", "hi", image(5))).toEqual(["media.max"]);
    expect(rulesOf("MASTODON", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
    expect(rulesOf("MASTODON", "hi", [gif, ...image(2)])).toEqual([]);
  });
});

describe("Bluesky: 300 graphemes and 3000 UTF-8 bytes", () => {
  it("counts graphemes", () => {
    expect(rulesOf("BLUESKY", "👍🏽".repeat(300))).toEqual([]);
    expect(rulesOf("BLUESKY", "👍🏽".repeat(301))).toEqual(["text.length"]);
    expect(rulesOf("BLUESKY", "e\u0301".repeat(300))).toEqual([]);
    expect(rulesOf("BLUESKY", "字".repeat(301))).toEqual(["text.length"]);
  });
  it("also caps bytes: 120 family emoji fill 3000 bytes, 121 do not fit though they are 121 graphemes", () => {
    const fits = checkContent("BLUESKY", { content: FAMILY.repeat(120), mediaUrls: none });
    expect(fits.counts).toEqual([
      { id: "length", unit: "characters", used: 120, max: 300 },
      { id: "bytes", unit: "UTF-8 bytes", used: 3000, max: 3000 },
    ]);
    expect(fits.problems).toEqual([]);
    const over = checkContent("BLUESKY", { content: FAMILY.repeat(121), mediaUrls: none });
    expect(over.problems).toEqual([
      {
        rule: "text.bytes",
        field: "content",
        message: "Bluesky allows 3000 UTF-8 bytes; this post has 3025 (25 too many)",
      },
    ]);
    // 300 family emoji: within 300 graphemes, far over 3000 bytes.
    expect(rulesOf("BLUESKY", FAMILY.repeat(300))).toEqual(["text.bytes"]);
    // Both at once: 1000 CJK characters are 1000 graphemes and 3000 bytes... plus one more.
    expect(rulesOf("BLUESKY", "字".repeat(1001))).toEqual(["text.length", "text.bytes"]);
  });
  it("counts links in full (the record keeps the whole URL)", () => {
    expect(lengthOf("BLUESKY", `https://example.com/${"x".repeat(100)}`)).toBe(120);
  });
  it("takes 4 images or 1 video", () => {
    expect(rulesOf("BLUESKY", "hi", image(4))).toEqual([]);
    expect(rulesOf("BLUESKY", "hi", image(5))).toEqual(["media.max"]);
    expect(rulesOf("BLUESKY", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
  });
});

describe("Threads: 500, emoji by UTF-8 bytes, 5 links", () => {
  it("counts an emoji by its UTF-8 bytes (the issue's input)", () => {
    expect(threadsLength("🎉")).toBe(4);
    expect(rulesOf("THREADS", "🎉".repeat(125))).toEqual([]);
    expect(rulesOf("THREADS", "🎉".repeat(126))).toEqual(["text.length"]);
    expect(threadsLength(FAMILY)).toBe(25);
    expect(threadsLength("☺")).toBe(3);
  });
  it("counts other characters one each", () => {
    expect(rulesOf("THREADS", "字".repeat(500))).toEqual([]);
    expect(rulesOf("THREADS", "a".repeat(501))).toEqual(["text.length"]);
    expect(threadsLength("e\u0301")).toBe(2);
  });
  it("counts unique links, with or without a scheme", () => {
    expect(threadsLinkCount("www.facebook.com and https://www.threads.com/x and www.facebook.com")).toBe(2);
    const five = "a.com b.com c.com d.com e.com";
    expect(rulesOf("THREADS", five)).toEqual([]);
    const six = `${five} https://f.com`;
    expect(rulesOf("THREADS", six)).toEqual(["links.max"]);
    expect(checkContent("THREADS", { content: six, mediaUrls: none }).problems[0]?.message).toBe(
      "Threads allows 5 links; this post has 6",
    );
  });
  it("takes a carousel of up to 20, images and videos mixed", () => {
    expect(rulesOf("THREADS", "hi", [video, ...image(19)])).toEqual([]);
    expect(rulesOf("THREADS", "hi", image(21))).toEqual(["media.max"]);
  });
});

describe("Instagram, LinkedIn, Facebook, TikTok: documented caps", () => {
  it("Instagram: 2,200 characters, 5 hashtags, 20 mentions, media required, 10 per carousel", () => {
    expect(rulesOf("INSTAGRAM", "a".repeat(2200), image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", "a".repeat(2201), image())).toEqual(["text.length"]);
    // UTF-16: an emoji is 2, so 1,101 of them are over.
    expect(rulesOf("INSTAGRAM", "🎉".repeat(1100), image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", "🎉".repeat(1101), image())).toEqual(["text.length"]);
    expect(rulesOf("INSTAGRAM", "#a #b #c #d #e", image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", "#a #b #c #d #e #f", image())).toEqual(["hashtags.max"]);
    // Not hashtags: inside a word, an HTML entity, a URL fragment, digits only.
    expect(rulesOf("INSTAGRAM", "#a #b #c #d #e c# &#39; https://x.com/#top #2024", image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", "#café #日本 #a #b #c #ü", image())).toEqual(["hashtags.max"]);
    const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@user${i}`).join(" ");
    expect(rulesOf("INSTAGRAM", mentions(20), image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", mentions(21), image())).toEqual(["mentions.max"]);
    expect(rulesOf("INSTAGRAM", "write to me@example.com", image())).toEqual([]);
    expect(rulesOf("INSTAGRAM", "caption only")).toEqual(["media.required"]);
    expect(rulesOf("INSTAGRAM", "", [video, ...image(9)])).toEqual([]);
    expect(rulesOf("INSTAGRAM", "", image(11))).toEqual(["media.max"]);
  });
  it("LinkedIn: 3,000 characters, 20 images or one video", () => {
    expect(rulesOf("LINKEDIN", "a".repeat(3000))).toEqual([]);
    expect(rulesOf("LINKEDIN", "a".repeat(3001))).toEqual(["text.length"]);
    expect(rulesOf("LINKEDIN", "hi", image(20))).toEqual([]);
    expect(rulesOf("LINKEDIN", "hi", image(21))).toEqual(["media.max"]);
    expect(rulesOf("LINKEDIN", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
  });
  it("Facebook: 63,206 characters; a video is its own post", () => {
    expect(rulesOf("FACEBOOK", "a".repeat(63_206))).toEqual([]);
    expect(rulesOf("FACEBOOK", "a".repeat(63_207))).toEqual(["text.length"]);
    expect(rulesOf("FACEBOOK", "hi", image(40))).toEqual([]);
    expect(rulesOf("FACEBOOK", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
  });
  it("TikTok: media required; 2,200 with a video, 4,000 with photos (up to 35), never both", () => {
    expect(rulesOf("TIKTOK", "hi")).toEqual(["media.required"]);
    expect(rulesOf("TIKTOK", "a".repeat(2200), [video])).toEqual([]);
    expect(rulesOf("TIKTOK", "a".repeat(2201), [video])).toEqual(["text.length"]);
    expect(rulesOf("TIKTOK", "a".repeat(4000), image(35))).toEqual([]);
    expect(rulesOf("TIKTOK", "a".repeat(4001), image(3))).toEqual(["text.length"]);
    expect(rulesOf("TIKTOK", "hi", image(36))).toEqual(["media.max"]);
    expect(rulesOf("TIKTOK", "hi", [video, ...image(1)])).toEqual(["media.video-alone"]);
  });
  it("webhook and sandbox: our own 10,000 and no media needed", () => {
    expect(rulesOf("WEBHOOK", "a".repeat(10_000))).toEqual([]);
    expect(rulesOf("SANDBOX", "a".repeat(10_001))).toEqual(["text.length"]);
    expect(rulesOf("SANDBOX", "hello")).toEqual([]);
  });
});

describe("channel limits", () => {
  it("keeps each valid field and drops the rest", () => {
    expect(readChannelLimits({ limits: { maxCharacters: 1000, maxMedia: -1, charactersPerUrl: "23" } })).toEqual({
      maxCharacters: 1000,
    });
    expect(readChannelLimits({ url: "https://hook.example" })).toEqual({});
    expect(readChannelLimits(null)).toEqual({});
    expect(readChannelLimits({ limits: { maxCharacters: 1.5, maxMedia: 0 } })).toEqual({ maxMedia: 0 });
  });
  it("the API's zod schema accepts exactly what the reader keeps", () => {
    const samples = [
      { maxCharacters: 500 },
      { maxCharacters: 0 },
      { maxCharacters: 1_000_000 },
      { maxCharacters: 1_000_001 },
      { maxMedia: 0 },
      { maxMedia: 101 },
      { maxMedia: 2.5 },
      { charactersPerUrl: 10_000 },
      { charactersPerUrl: -1 },
      { charactersPerUrl: "23" },
    ];
    for (const limits of samples) {
      const valid = channelLimitsSchema.safeParse(limits).success;
      expect(Object.keys(readChannelLimits({ limits })).length === 1, JSON.stringify(limits)).toBe(valid);
    }
  });
  it("a channel that takes no media refuses one", () => {
    expect(checkContent("MASTODON", { content: "hi", mediaUrls: image(1) }, { maxMedia: 0 }).problems).toEqual([
      { rule: "media.max", field: "mediaUrls", message: "Mastodon allows 0 media items; this post has 1" },
    ]);
  });
});

describe("media kinds and per-channel fit", () => {
  it("reads the kind from the path's extension", () => {
    expect(mediaKind("https://x.io/a.JPG?size=2")).toBe("image");
    expect(mediaKind("https://x.io/a.gif")).toBe("gif");
    expect(mediaKind("https://x.io/v.mov")).toBe("video");
    expect(mediaKind("https://x.io/v/123")).toBe("unknown");
    expect(mediaKind("not a url")).toBe("unknown");
  });
  it("names each channel that does not fit, with each rule", () => {
    const fit = checkChannelsFit({ content: "a".repeat(301), mediaUrls: [] }, [
      { id: "c1", platform: "BLUESKY", displayName: "Team sky" },
      { id: "c2", platform: "SANDBOX", displayName: "Sandbox" },
      { id: "c3", platform: "INSTAGRAM", displayName: "Gram" },
      { id: "c4", platform: "MASTODON", displayName: "Toot", config: { limits: { maxCharacters: 300 } } },
    ]);
    expect(fit.map((f) => [f.channelId, f.ok, f.problems.map((p) => p.rule)])).toEqual([
      ["c1", false, ["text.length"]],
      ["c2", true, []],
      ["c3", false, ["media.required"]],
      ["c4", false, ["text.length"]],
    ]);
  });
});

describe("library media count by their real kind", () => {
  const lib = (...kinds: ("IMAGE" | "GIF" | "VIDEO")[]) =>
    kinds.map((kind) => ({
      kind,
      mimeType: kind === "VIDEO" ? "video/mp4" : kind === "GIF" ? "image/gif" : "image/jpeg",
      bytes: 200_000,
      width: 1080,
      height: 1080,
      durationMs: kind === "VIDEO" ? 10_000 : null,
    }));
  const rules = (platform: Platform, mediaUrls: readonly string[], media: ReturnType<typeof lib>, content = "hi") =>
    checkContent(platform, { content, mediaUrls, media }).problems.map((p) => [p.rule, p.field]);

  it("a library video is a video, beside images from either source", () => {
    for (const platform of ["TWITTER", "MASTODON", "BLUESKY", "LINKEDIN", "FACEBOOK", "TIKTOK"] as const) {
      expect(rules(platform, image(), lib("VIDEO"))).toContainEqual(["media.video-alone", "media"]);
      expect(rules(platform, none, lib("IMAGE", "VIDEO"))).toContainEqual(["media.video-alone", "media"]);
      expect(rules(platform, none, lib("VIDEO"))).toEqual([]);
    }
    // Mixed carousels are fine where the platform takes them.
    expect(rules("THREADS", none, lib("IMAGE", "VIDEO"))).toEqual([]);
    expect(rules("INSTAGRAM", image(), lib("VIDEO"))).toEqual([]);
  });
  it("a library GIF is a video on X, Bluesky and TikTok only", () => {
    expect(rules("TWITTER", none, lib("GIF", "IMAGE"))).toEqual([["media.video-alone", "media"]]);
    expect(rules("BLUESKY", none, lib("GIF", "IMAGE"))).toEqual([["media.video-alone", "media"]]);
    expect(rules("MASTODON", none, lib("GIF", "IMAGE"))).toEqual([]);
  });
  it("counts both sources towards the item cap and the media requirement", () => {
    expect(rules("TWITTER", image(2), lib("IMAGE", "IMAGE"))).toEqual([]);
    expect(rules("TWITTER", image(2), lib("IMAGE", "IMAGE", "IMAGE"))).toEqual([["media.max", "media"]]);
    expect(rules("INSTAGRAM", none, lib())).toEqual([["media.required", "mediaUrls"]]);
    expect(rules("INSTAGRAM", none, lib("IMAGE"))).toEqual([]);
    expect(rules("BLUESKY", none, lib("IMAGE"), "")).toEqual([]);
    // TikTok's caption limit follows the kind: 2,200 with a video, 4,000 with photos.
    expect(rules("TIKTOK", none, lib("VIDEO"), "a".repeat(3000))).toEqual([["text.length", "content"]]);
    expect(rules("TIKTOK", none, lib("IMAGE"), "a".repeat(3000))).toEqual([]);
  });
});

describe("grapheme segmentation by windows", () => {
  const whole = (text: string) =>
    Array.from(new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text), (s) => s.segment);
  // Pieces whose clusters depend on context: flags pair regional indicators, ZWJ joins pictographs, marks extend,
  // CR LF is one, Hangul jamo compose, Devanagari conjuncts (virama) join.
  const pieces = [
    "a",
    " ",
    "🇩",
    "🇪",
    "🇫🇷",
    FAMILY,
    "\u200d",
    "👍🏽",
    "\u0301",
    "\r",
    "\n",
    "\u1100",
    "\u1161",
    "\u11a8",
    "字",
    "e",
    "क",
    "\u094d",
    "ष",
  ];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  it("equals segmenting the whole text, across window boundaries", () => {
    for (let run = 0; run < 60; run++) {
      let text = "";
      const target = 900 + Math.floor(random() * 4000);
      while (text.length < target) text += pieces[Math.floor(random() * pieces.length)];
      expect(Array.from(graphemes(text))).toEqual(whole(text));
    }
  });
  it("keeps a cluster longer than a window whole", () => {
    const long = `x${"\u0301".repeat(3000)}y`;
    expect(Array.from(graphemes(long))).toEqual(whole(long));
    expect(graphemeLength(long)).toBe(2);
  });
  it("counts 100,000 characters (the API's maximum) exactly", () => {
    expect(graphemeLength("a".repeat(100_000))).toBe(100_000);
    expect(graphemeLength(`${FAMILY} `.repeat(10_000))).toBe(20_000);
  });
});
