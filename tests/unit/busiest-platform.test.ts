import { describe, expect, it } from "vitest";
import { busiestPlatform } from "@/components/insights/busiest-platform";

describe("busiestPlatform", () => {
  it("picks the platform whose answer rests on the most measured posts, wherever it is in the list", () => {
    expect(
      busiestPlatform([
        { platform: "INSTAGRAM", basedOnPosts: 0 },
        { platform: "BLUESKY", basedOnPosts: 240 },
        { platform: "LINKEDIN", basedOnPosts: 37 },
      ]),
    ).toBe("BLUESKY");
    expect(
      busiestPlatform([
        { platform: "MASTODON", basedOnPosts: 12 },
        { platform: "THREADS", basedOnPosts: 11 },
      ]),
    ).toBe("MASTODON");
  });

  it("keeps the earlier candidate on a tie and when nothing has data (suggested defaults answer 0)", () => {
    expect(
      busiestPlatform([
        { platform: "LINKEDIN", basedOnPosts: 50 },
        { platform: "FACEBOOK", basedOnPosts: 50 },
      ]),
    ).toBe("LINKEDIN");
    expect(
      busiestPlatform([
        { platform: "THREADS", basedOnPosts: 0 },
        { platform: "FACEBOOK", basedOnPosts: 0 },
      ]),
    ).toBe("THREADS");
  });

  it("is undefined with no candidates (no channels: the page falls back to Instagram)", () => {
    expect(busiestPlatform([])).toBeUndefined();
  });
});
