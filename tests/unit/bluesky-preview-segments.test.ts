import { describe, expect, it } from "vitest";
import { formatBlueskyPost } from "@/lib/publishing/networks/bluesky/format";
import { blueskyPreviewSegments } from "@/lib/publishing/networks/bluesky/preview-segments";

const segmentsOf = (content: string) =>
  blueskyPreviewSegments(formatBlueskyPost({ content, media: [] }, { config: {} }));

describe("blueskyPreviewSegments (the composer's Bluesky preview)", () => {
  // Text whose UTF-16 and UTF-8 lengths differ before, between and after the facets: the facets' byte offsets must
  // still cut the preview at the right characters.
  const prefixes = ["", "Café ", "🧑‍🍳 ", "日本語 ", "é (e + U+0301) ", "العربية ", "👍🏽 "];
  it.each(prefixes)("cuts %j… at the link, the mention and the hashtag, and loses no character", (prefix) => {
    const text = `${prefix}launch https://example.com/ä?x=1 ${prefix}with @bob.test ${prefix}#release!`;
    const segments = segmentsOf(text);
    expect(segments).toEqual([
      { kind: "text", text: `${prefix}launch ` },
      { kind: "link", text: "https://example.com/ä?x=1", uri: "https://example.com/ä?x=1" },
      { kind: "text", text: ` ${prefix}with ` },
      { kind: "mention", text: "@bob.test", handle: "bob.test" },
      { kind: "text", text: ` ${prefix}` },
      { kind: "tag", text: "#release", tag: "release" },
      { kind: "text", text: "!" },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
  });

  it("a bare domain is a link to its https URL; a trailing full stop is not part of it", () => {
    expect(segmentsOf("read example.com.")).toEqual([
      { kind: "text", text: "read " },
      { kind: "link", text: "example.com", uri: "https://example.com" },
      { kind: "text", text: "." },
    ]);
  });

  it("text without facets is one plain segment; an empty text none", () => {
    expect(segmentsOf("no links # here, nor @ anyone")).toEqual([
      { kind: "text", text: "no links # here, nor @ anyone" },
    ]);
    expect(segmentsOf("")).toEqual([]);
  });
});
