import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import type { Platform } from "@/lib/generated/prisma/enums";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { BLUESKY_IMAGE_VARIANT, blueskyRules } from "@/lib/publishing/rules/bluesky";
import type { ChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkContent } from "@/lib/publishing/rules/check-content";
import { PLATFORM_RULES } from "@/lib/publishing/rules/platform-rules";
import type { ContentMedia } from "@/lib/publishing/rules/types";

const image = (over: Partial<ContentMedia> = {}): ContentMedia => ({
  kind: "IMAGE",
  mimeType: "image/jpeg",
  bytes: 200_000,
  width: 1080,
  height: 1080,
  durationMs: null,
  ...over,
});
const gif = (over: Partial<ContentMedia> = {}) => image({ kind: "GIF", mimeType: "image/gif", ...over });
const video = (over: Partial<ContentMedia> = {}): ContentMedia => ({
  kind: "VIDEO",
  mimeType: "video/mp4",
  bytes: 2_000_000,
  width: 1080,
  height: 1920,
  durationMs: 10_000,
  ...over,
});

/** The media problems `platform` finds in a post holding just these library items. */
const mediaProblems = (platform: Platform, media: ContentMedia[], limits: ChannelLimits = {}) =>
  checkContent(platform, { content: "hi", mediaUrls: [], media }, limits).problems.filter((p) =>
    p.rule.startsWith("media."),
  );

type Case = { name: string; fits: ContentMedia; over: ContentMedia; rule: string; message: string };

// One row per documented limit: the value at the limit fits, one step past it is refused with this exact sentence.
const CASES: Record<Exclude<Platform, "WEBHOOK" | "SANDBOX">, Case[]> = {
  TWITTER: [
    {
      name: "GIF bytes (15 MB)",
      fits: gif({ bytes: 15_000_000 }),
      over: gif({ bytes: 16_500_000 }),
      rule: "media.bytes",
      message: "X (Twitter) takes GIFs up to 15 MB; item 1 is 16.5 MB",
    },
    {
      name: "video longest 140 s",
      fits: video({ durationMs: 140_000 }),
      over: video({ durationMs: 140_001 }),
      rule: "media.duration",
      message: "X (Twitter) takes videos from 0.5 s to 2 min 20 s long; item 1 is 2 min 20.001 s",
    },
    {
      name: "video shortest 0.5 s",
      fits: video({ durationMs: 500 }),
      over: video({ durationMs: 499 }),
      rule: "media.duration",
      message: "X (Twitter) takes videos from 0.5 s to 2 min 20 s long; item 1 is 0.499 s",
    },
    {
      name: "video aspect 1:3",
      fits: video({ width: 360, height: 1080 }),
      over: video({ width: 359, height: 1080 }),
      rule: "media.aspect",
      message: "X (Twitter) takes videos with an aspect ratio between 1:3 and 3:1; item 1 is 0.33:1 (359×1080)",
    },
    {
      name: "video type",
      fits: video({ mimeType: "video/x-m4v" }),
      over: video({ mimeType: "video/webm" }),
      rule: "media.type",
      message: "X (Twitter) takes videos as MP4 or MOV; item 1 is WebM",
    },
  ],
  BLUESKY: [
    {
      name: "video bytes (100,000,000)",
      fits: video({ bytes: 100_000_000 }),
      over: video({ bytes: 100_000_001 }),
      rule: "media.bytes",
      message: "Bluesky takes videos up to 100,000,000 bytes; item 1 is 100,000,001 bytes",
    },
    {
      name: "video longest 3 minutes",
      fits: video({ durationMs: 180_000 }),
      over: video({ durationMs: 180_001 }),
      rule: "media.duration",
      message: "Bluesky takes videos up to 3 min long; item 1 is 3 min 0.001 s",
    },
  ],
  MASTODON: [
    {
      name: "video bytes (99 MiB)",
      fits: video({ bytes: 99 * 1024 * 1024 }),
      over: video({ bytes: 120_000_000 }),
      rule: "media.bytes",
      message: "Mastodon takes videos up to 103.81 MB; item 1 is 120 MB",
    },
    {
      name: "video pixels (3840×2160)",
      fits: video({ width: 3840, height: 2160 }),
      over: video({ width: 3841, height: 2160 }),
      rule: "media.dimensions",
      message: "Mastodon takes videos of at most 8,294,400 pixels; item 1 is 3841×2160 (8,296,560)",
    },
  ],
  THREADS: [
    {
      name: "image aspect 10:1",
      fits: image({ width: 10_000, height: 1000 }),
      over: image({ width: 10_001, height: 1000 }),
      rule: "media.aspect",
      message: "Threads takes images with an aspect ratio between 1:10 and 10:1; item 1 is 10:1 (10001×1000)",
    },
    {
      name: "video longest 5 minutes",
      fits: video({ durationMs: 300_000 }),
      over: video({ durationMs: 300_001 }),
      rule: "media.duration",
      message: "Threads takes videos up to 5 min long; item 1 is 5 min 0.001 s",
    },
  ],
  INSTAGRAM: [
    {
      name: "image aspect 4:5 (the issue's 9:16 photo)",
      fits: image({ width: 1080, height: 1350 }),
      over: image({ width: 1080, height: 1920 }),
      rule: "media.aspect",
      message: "Instagram takes images with an aspect ratio between 4:5 and 1.91:1; item 1 is 9:16 (1080×1920)",
    },
    {
      name: "image aspect 1.91:1",
      fits: image({ width: 1910, height: 1000 }),
      over: image({ width: 1911, height: 1000 }),
      rule: "media.aspect",
      message: "Instagram takes images with an aspect ratio between 4:5 and 1.91:1; item 1 is 1.91:1 (1911×1000)",
    },
    {
      name: "video shortest 3 s",
      fits: video({ durationMs: 3000 }),
      over: video({ durationMs: 2999 }),
      rule: "media.duration",
      message: "Instagram takes videos from 3 s to 15 min long; item 1 is 2.999 s",
    },
  ],
  FACEBOOK: [
    {
      name: "video longest 240 minutes",
      fits: video({ durationMs: 240 * 60_000 }),
      over: video({ durationMs: 240 * 60_000 + 1 }),
      rule: "media.duration",
      message: "Facebook takes videos up to 240 min long; item 1 is 240 min 0.001 s",
    },
  ],
  LINKEDIN: [
    {
      name: "image pixels (fewer than 36,152,320)",
      fits: image({ width: 6000, height: 6025 }),
      over: image({ width: 6000, height: 6026 }),
      rule: "media.dimensions",
      message: "LinkedIn takes images of at most 36,152,319 pixels; item 1 is 6000×6026 (36,156,000)",
    },
    {
      name: "video aspect 1:2.4",
      fits: video({ width: 500, height: 1200 }),
      over: video({ width: 499, height: 1200 }),
      rule: "media.aspect",
      message: "LinkedIn takes videos with an aspect ratio between 1:2.4 and 2.4:1; item 1 is 0.42:1 (499×1200)",
    },
    {
      name: "video shortest 3 s",
      fits: video({ durationMs: 3000 }),
      over: video({ durationMs: 2999 }),
      rule: "media.duration",
      message: "LinkedIn takes videos from 3 s to 30 min long; item 1 is 2.999 s",
    },
    {
      name: "video type",
      fits: video({ mimeType: "video/mp4" }),
      over: video({ mimeType: "video/quicktime" }),
      rule: "media.type",
      message: "LinkedIn takes videos as MP4 only; item 1 is MOV",
    },
  ],
  TIKTOK: [
    {
      name: "video at least 360 px",
      fits: video({ width: 360, height: 640 }),
      over: video({ width: 359, height: 640 }),
      rule: "media.dimensions",
      message: "TikTok takes videos at least 360×360 pixels; item 1 is 359×640",
    },
    {
      name: "video at most 4096 px",
      fits: video({ width: 4096, height: 2304 }),
      over: video({ width: 4097, height: 2304 }),
      rule: "media.dimensions",
      message: "TikTok takes videos up to 4096×4096 pixels; item 1 is 4097×2304",
    },
    {
      name: "video longest 10 minutes",
      fits: video({ durationMs: 600_000 }),
      over: video({ durationMs: 600_001 }),
      rule: "media.duration",
      message: "TikTok takes videos up to 10 min long; item 1 is 10 min 0.001 s",
    },
  ],
};

describe.each(Object.entries(CASES))("%s media rules", (platform, cases) => {
  it.each(cases)("$name: at the limit fits, past it is refused", ({ fits, over, rule, message }) => {
    expect(mediaProblems(platform as Platform, [fits])).toEqual([]);
    expect(mediaProblems(platform as Platform, [over])).toEqual([{ rule, field: "media", item: 0, message }]);
  });
});

describe("per-item media rules", () => {
  it("every platform's per-item rule cites a source", () => {
    for (const rules of Object.values(PLATFORM_RULES))
      for (const kind of [rules.media.image, rules.media.gif, rules.media.video])
        if (kind) expect(kind.source).toMatch(/https:\/\//);
  });

  it("names the item's place 1-based and keeps its 0-based index, in item order", () => {
    const media = [image(), image({ width: 1080, height: 1920 }), gif()];
    expect(mediaProblems("INSTAGRAM", media)).toEqual([
      {
        rule: "media.aspect",
        field: "media",
        item: 1,
        message: "Instagram takes images with an aspect ratio between 4:5 and 1.91:1; item 2 is 9:16 (1080×1920)",
      },
      { rule: "media.type", field: "media", item: 2, message: "Instagram takes GIFs as JPEG only; item 3 is GIF" },
    ]);
  });

  it("reports every broken rule of one item", () => {
    const rules = mediaProblems("INSTAGRAM", [gif({ bytes: 9_000_000, height: 2000 })]);
    expect(rules.map((p) => p.rule)).toEqual(["media.type", "media.bytes", "media.aspect"]);
  });

  // The still images a JPEG copy fixes (MediaItemRules.fitByReencoding): refusing them would make people convert by
  // hand what Cadence can convert. What a copy cannot fix (aspect ratio, GIFs, videos) is still refused.
  it.each([
    ["TWITTER", image({ bytes: 5_000_001 })],
    ["TWITTER", image({ mimeType: "image/png", bytes: 19_000_000 })],
    ["MASTODON", image({ bytes: 16 * 1024 * 1024 + 1 })],
    ["THREADS", image({ mimeType: "image/webp" })],
    ["THREADS", image({ bytes: 8_000_001 })],
    ["INSTAGRAM", image({ mimeType: "image/png" })],
    ["INSTAGRAM", image({ mimeType: "image/webp", bytes: 9_000_000 })],
    ["FACEBOOK", image({ mimeType: "image/webp", bytes: 10_000_001 })],
    ["LINKEDIN", image({ mimeType: "image/webp" })],
    ["TIKTOK", image({ mimeType: "image/png", bytes: 20_000_001 })],
  ] as const)(
    "%s sends a JPEG copy of a still image of another type or size instead of refusing it",
    (platform, item) => {
      const rules = PLATFORM_RULES[platform].media.image;
      expect(rules?.fitByReencoding?.purpose).toBe(`${platform === "TWITTER" ? "x" : platform.toLowerCase()}-image`);
      expect(rules?.mimeTypes ?? ["image/jpeg"]).toContain("image/jpeg");
      expect(mediaProblems(platform, [item])).toEqual([]);
      // The same bytes as a GIF get no copy: refused where the platform's rules refuse them.
      if (platform === "INSTAGRAM") expect(mediaProblems(platform, [gif()]).map((p) => p.rule)).toEqual(["media.type"]);
    },
  );

  it("does not refuse a Bluesky image over its 1,000,000-byte blob cap: a re-encoded copy goes out", () => {
    expect(blueskyRules.media.image?.fitByReencoding).toEqual({ purpose: BLUESKY_IMAGE_VARIANT.purpose });
    expect(blueskyRules.media.image?.maxBytes).toBe(1_000_000);
    expect(mediaProblems("BLUESKY", [image({ bytes: 1_000_001 }), image({ bytes: 19_000_000 })])).toEqual([]);
  });

  it("checks nothing per item on a bare URL (its size and type are unknown) nor on Cadence's own channels", () => {
    const urls = ["https://cdn.example.com/tall.png", "https://cdn.example.com/clip.webm"];
    const { problems } = checkContent("INSTAGRAM", { content: "hi", mediaUrls: urls });
    expect(problems).toEqual([]);
    const huge = image({ mimeType: "image/webp", bytes: 10 ** 10, width: 100_000, height: 1 });
    expect(mediaProblems("SANDBOX", [huge])).toEqual([]);
    expect(mediaProblems("WEBHOOK", [huge])).toEqual([]);
  });

  it("skips what the library does not know: a video without duration or dimensions", () => {
    expect(mediaProblems("TIKTOK", [video({ durationMs: null, width: 0, height: 0 })])).toEqual([]);
  });

  it("uses a Mastodon server's own caps from the channel's config.limits", () => {
    const limits = readChannelLimits({
      limits: { maxImageBytes: 40_000_000, maxVideoBytes: 10_000_000, maxVideoPixels: 1920 * 1080 },
    });
    expect(limits).toEqual({ maxImageBytes: 40_000_000, maxVideoBytes: 10_000_000, maxVideoPixels: 2_073_600 });
    expect(mediaProblems("MASTODON", [gif({ bytes: 40_000_000 })], limits)).toEqual([]);
    expect(mediaProblems("MASTODON", [gif({ bytes: 40_000_001 })], limits).map((p) => p.message)).toEqual([
      "Mastodon takes GIFs up to 40,000,000 bytes; item 1 is 40,000,001 bytes",
    ]);
    expect(mediaProblems("MASTODON", [video({ width: 2560, height: 1440, bytes: 10_000_001 })], limits)).toEqual([
      {
        rule: "media.bytes",
        field: "media",
        item: 0,
        message: "Mastodon takes videos up to 10,000,000 bytes; item 1 is 10,000,001 bytes",
      },
      {
        rule: "media.dimensions",
        field: "media",
        item: 0,
        message: "Mastodon takes videos of at most 2,073,600 pixels; item 1 is 2560×1440 (3,686,400)",
      },
    ]);
    expect(readChannelLimits({ limits: { maxVideoBytes: 0, maxImageBytes: 1.5 } })).toEqual({});
  });

  it("gives the API's 422 a media.N path per item (0-based) and the plain field for post-wide rules", () => {
    let thrown: unknown;
    try {
      assertContentFits({
        content: "hi",
        mediaUrls: [],
        media: [...Array.from({ length: 10 }, () => image()), image({ width: 1080, height: 1920 })],
        channels: [{ id: "c1", platform: "INSTAGRAM", displayName: "IG main" }],
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).details).toEqual([
      {
        path: "media",
        channelId: "c1",
        platform: "INSTAGRAM",
        rule: "media.max",
        message: "IG main: Instagram allows 10 media items; this post has 11",
      },
      {
        path: "media.10",
        channelId: "c1",
        platform: "INSTAGRAM",
        rule: "media.aspect",
        message:
          "IG main: Instagram takes images with an aspect ratio between 4:5 and 1.91:1; item 11 is 9:16 (1080×1920)",
      },
    ]);
  });
});
