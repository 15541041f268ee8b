import { describe, expect, it } from "vitest";
import type { Platform } from "@/lib/generated/prisma/enums";
import {
  checkContent,
  checkContentForChannels,
  contentLimit,
  graphemeLength,
  mastodonLength,
  measureContent,
  twitterWeightedLength,
} from "@/lib/publishing/limits";

const text = { mediaUrls: [] as string[] };
const image = ["https://cdn.example.com/a.jpg"];
const video = ["https://cdn.example.com/clip.mp4"];

describe("twitter weighting", () => {
  it("counts Latin text one per character", () => {
    expect(twitterWeightedLength("hello world")).toBe(11);
    expect(twitterWeightedLength("café – “quoted”")).toBe(15);
  });
  it("counts CJK two per character", () => {
    expect(twitterWeightedLength("日本語")).toBe(6);
    expect(twitterWeightedLength("ab日本")).toBe(6);
  });
  it("counts any emoji sequence as two", () => {
    expect(twitterWeightedLength("👍")).toBe(2);
    expect(twitterWeightedLength("👨‍👩‍👧‍👦")).toBe(2);
    expect(twitterWeightedLength("🇩🇪")).toBe(2);
    expect(twitterWeightedLength("👍🏽 ok")).toBe(5);
  });
  it("counts every URL as 23", () => {
    expect(twitterWeightedLength("see https://example.com/a/very/long/path?with=query&and=more")).toBe(4 + 23);
    expect(twitterWeightedLength("http://x.io, www.example.org.")).toBe(23 + 2 + 23 + 1);
  });
  it("normalizes to NFC first", () => {
    expect(twitterWeightedLength("e\u0301")).toBe(1);
  });
});

describe("other counters", () => {
  it("Bluesky counts graphemes", () => {
    expect(graphemeLength("👨‍👩‍👧‍👦🇩🇪é")).toBe(3);
  });
  it("Mastodon counts URLs as 23 and remote mentions by username", () => {
    expect(mastodonLength("hi @alice@mastodon.social https://example.com/very/long/url/indeed")).toBe(3 + 6 + 1 + 23);
  });
});

describe("limits per platform", () => {
  const cases: [Platform, number][] = [
    ["TWITTER", 280],
    ["THREADS", 500],
    ["BLUESKY", 300],
    ["MASTODON", 500],
    ["LINKEDIN", 3000],
    ["FACEBOOK", 63206],
    ["INSTAGRAM", 2200],
    ["TIKTOK", 2200],
    ["WEBHOOK", 10000],
    ["SANDBOX", 10000],
  ];
  it.each(cases)("%s allows exactly %i", (platform, limit) => {
    expect(contentLimit(platform).limit).toBe(limit);
    const media = platform === "TIKTOK" ? video : image;
    expect(checkContent(platform, { content: "a".repeat(limit), mediaUrls: media })).toEqual([]);
    const over = checkContent(platform, { content: "a".repeat(limit + 1), mediaUrls: media });
    expect(over).toHaveLength(1);
    expect(over[0]).toContain(`allows ${limit}`);
    expect(over[0]).toContain(`has ${limit + 1} (1 too many)`);
  });

  it("counts as the platform counts at the boundary", () => {
    // 140 CJK characters fill a tweet; 300 emoji fill a Bluesky post though they are 600+ UTF-16 units.
    expect(checkContent("TWITTER", { content: "字".repeat(140), ...text })).toEqual([]);
    expect(checkContent("TWITTER", { content: "字".repeat(141), ...text })).toHaveLength(1);
    expect(checkContent("BLUESKY", { content: "👍🏽".repeat(300), ...text })).toEqual([]);
    expect(checkContent("BLUESKY", { content: "👍🏽".repeat(301), ...text })).toHaveLength(1);
    expect(measureContent("MASTODON", `${"a".repeat(477)} https://example.com/${"x".repeat(200)}`)).toBe(501);
  });
});

describe("media and empty posts", () => {
  it("Instagram needs media", () => {
    expect(checkContent("INSTAGRAM", { content: "hi", ...text })).toEqual([
      "Instagram needs at least one image or video",
    ]);
    expect(checkContent("INSTAGRAM", { content: "", mediaUrls: image })).toEqual([]);
  });
  it("TikTok needs a video (an URL clearly naming an image does not count)", () => {
    expect(checkContent("TIKTOK", { content: "hi", ...text })).toEqual(["TikTok needs a video"]);
    expect(checkContent("TIKTOK", { content: "hi", mediaUrls: image })).toEqual(["TikTok needs a video"]);
    expect(checkContent("TIKTOK", { content: "hi", mediaUrls: ["https://cdn.example.com/v/123"] })).toEqual([]);
  });
  it("text platforms refuse a post with neither text nor media; webhook and sandbox need no media", () => {
    expect(checkContent("TWITTER", { content: "  ", ...text })).toEqual([
      "X (Twitter) needs text or media; this post has neither",
    ]);
    expect(checkContent("WEBHOOK", { content: "hello", ...text })).toEqual([]);
    expect(checkContent("SANDBOX", { content: "hello", ...text })).toEqual([]);
  });
});

describe("checkContentForChannels", () => {
  it("names each failing channel", () => {
    const problems = checkContentForChannels({ content: "a".repeat(301), mediaUrls: [] }, [
      { id: "c1", platform: "BLUESKY", displayName: "Team sky" },
      { id: "c2", platform: "SANDBOX", displayName: "Sandbox" },
      { id: "c3", platform: "INSTAGRAM", displayName: "Gram" },
    ]);
    expect(problems.map((p) => p.channelId)).toEqual(["c1", "c3"]);
    expect(problems[0]?.message).toBe(
      "Team sky (Bluesky): Bluesky allows 300 characters; this post has 301 (1 too many)",
    );
    expect(problems[1]?.message).toBe("Gram (Instagram): Instagram needs at least one image or video");
  });
});
