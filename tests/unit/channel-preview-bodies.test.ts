import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type AdapterMedia, networkPreview } from "@/components/composer/channel-preview-bodies";
import type { ChannelView } from "@/components/hooks/use-channels";

const channel = (platform: ChannelView["platform"], config: Record<string, unknown> = {}) =>
  ({ id: "c1", platform, displayName: "Main", accountName: null, config }) as ChannelView;
const image: AdapterMedia = { id: "m1", kind: "IMAGE", name: "a.jpg", mimeType: "image/jpeg", altText: " A cat " };
const video: AdapterMedia = { id: "v1", kind: "VIDEO", name: "v.mp4", mimeType: "video/mp4", altText: "A clip" };
const html = (c: ChannelView, text: string, media: AdapterMedia[] = []) => {
  const p = networkPreview(c, text, media);
  if (!p) throw new Error("no preview");
  return renderToStaticMarkup(p.body);
};

describe("networkPreview (the composer's cards for X, LinkedIn, Threads, Facebook, Instagram)", () => {
  it("X: the weighted count, the t.co weight of each link, the part past 280 struck through", () => {
    const out = html(channel("TWITTER"), `${"a".repeat(279)} example.com`);
    expect(out).toContain('data-preview-count="303"');
    expect(out).toContain('data-preview-link="example.com"');
    expect(out).toContain("counted as 23");
    expect(out).toMatch(/<mark class="facet facet-link over"[^>]*>example\.com<\/mark>/);
    expect(out).toContain("X refuses more than 280");
  });

  it("LinkedIn: the page it posts as, hashtags as LinkedIn shows them (no little-format escapes), the article card", () => {
    const out = html(
      channel("LINKEDIN", { authorUrn: "urn:li:organization:7", name: "Acme" }),
      "Ship (v2) #launch https://a.example/x",
    );
    expect(out).toContain("Posts as Acme (page)");
    expect(out).toContain("Ship (v2) ");
    expect(out).not.toContain("\\(");
    expect(out).toMatch(/data-facet="tag">#launch</);
    expect(out).toContain('data-preview-card="https://a.example/x"');
  });

  it("Threads: the count, the links against 5, the type", () => {
    const out = html(channel("THREADS"), "one a.com", [image]);
    expect(out).toContain('data-preview-shape="IMAGE"');
    expect(out).toContain("9 / 500 characters · 1 / 5 links");
  });

  it("Facebook: the photos; a video is refused", () => {
    expect(html(channel("FACEBOOK"), "hi", [image])).toContain("1 photo");
    expect(html(channel("FACEBOOK"), "hi", [video])).toContain("data-preview-refused");
  });

  it("Instagram: a post without media cannot go, said plainly; a reel's alt text is not sent", () => {
    expect(html(channel("INSTAGRAM"), "#a hello")).toMatch(
      /data-preview-refused="">Can&#x27;t go to Instagram: Instagram needs an image or a video/,
    );
    const reel = networkPreview(channel("INSTAGRAM"), "x", [video]);
    expect(reel?.altLine).toEqual({ v1: "No alt text (Instagram reels take none)" });
    expect(networkPreview(channel("TWITTER"), "x", [image])?.altLine).toEqual({ m1: "Alt: A cat" });
  });

  it("other platforms keep their own bodies", () => {
    expect(networkPreview(channel("BLUESKY"), "x", [])).toBeNull();
  });
});
