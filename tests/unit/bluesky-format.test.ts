import { describe, expect, it } from "vitest";
import { formatBlueskyPost } from "@/lib/publishing/networks/bluesky/format";
import type { PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

const post = (content: string): PublishablePost => ({
  id: "p1",
  workspaceId: "w1",
  content,
  mediaUrls: [],
  media: [],
  tags: [],
  scheduledAt: null,
});
const channel = (config: Record<string, unknown> = {}): PublishTarget => ({
  id: "c1",
  displayName: "@alice.test",
  platform: "BLUESKY",
  config,
});

/** The text each facet covers, cut from the UTF-8 bytes at its offsets (what a Bluesky client does). */
function covered(text: string, facets: { index: { byteStart: number; byteEnd: number } }[]) {
  const bytes = Buffer.from(text, "utf8");
  return facets.map((f) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString("utf8"));
}

describe("formatBlueskyPost", () => {
  // Scripts whose UTF-16 and UTF-8 lengths differ in different ways before, between and after the facets.
  const prefixes = ["", "Café ", "☕ ", "🧑‍🍳 ", "日本語のテキスト ", "é (e + U+0301) ", "العربية ", "👍🏽👍🏽 "];
  it.each(prefixes)("facet byte offsets cover exactly the link, mention and tag after %j", (prefix) => {
    const text = `${prefix}see https://example.com/ä?x=1 ${prefix}by @bob.test ${prefix}#launch!`;
    const draft = formatBlueskyPost(post(text), channel());
    expect(covered(text, draft.facets)).toEqual(["https://example.com/ä?x=1", "@bob.test", "#launch"]);
    expect(draft.facets.map((f) => f.features[0]?.$type)).toEqual([
      "app.bsky.richtext.facet#link",
      "app.bsky.richtext.facet#mention",
      "app.bsky.richtext.facet#tag",
    ]);
    expect(draft.firstLink).toBe("https://example.com/ä?x=1");
  });

  it("langs come from the channel's config, else none; a trailing full stop is not part of a link", () => {
    expect(formatBlueskyPost(post("hi"), channel({ langs: ["en", "pt-BR"] })).langs).toEqual(["en", "pt-BR"]);
    expect(formatBlueskyPost(post("hi"), channel()).langs).toBeUndefined();
    const draft = formatBlueskyPost(post("Read https://example.com/a."), channel());
    expect(draft.firstLink).toBe("https://example.com/a");
    expect(formatBlueskyPost(post("no links here"), channel()).firstLink).toBeNull();
  });
});
