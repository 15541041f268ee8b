import { describe, expect, it } from "vitest";
import { firstLink, formatFacebookPost } from "@/lib/publishing/networks/facebook/format";

const media = (id: string, altText: string | null) => ({ id, name: `${id}.jpg`, altText });

describe("formatFacebookPost", () => {
  it("sends the text as message and its first URL as link when there is no media", () => {
    expect(formatFacebookPost({ content: "  Menu: https://a.example/m and https://b.example  ", media: [] })).toEqual({
      message: "Menu: https://a.example/m and https://b.example",
      link: "https://a.example/m",
      photos: [],
    });
  });

  it("sends no link with photos (the photos are the attachment), keeping their order and alt text", () => {
    const body = formatFacebookPost({
      content: "See https://a.example",
      media: [media("p1", " A loaf "), media("p2", ""), media("p3", null)],
    });
    expect(body.link).toBeNull();
    expect(body.photos).toEqual([
      { id: "p1", name: "p1.jpg", altText: "A loaf" },
      { id: "p2", name: "p2.jpg", altText: null },
      { id: "p3", name: "p3.jpg", altText: null },
    ]);
  });

  it("a text without URL has no link", () => {
    expect(formatFacebookPost({ content: "Just words, example.com is not a URL here", media: [] }).link).toBeNull();
  });
});

describe("firstLink", () => {
  it("drops punctuation that ends the sentence, keeps query strings and paths", () => {
    for (const [text, link] of [
      ["Read https://a.example/x.", "https://a.example/x"],
      ["(see https://a.example/p?q=1&r=2)", "https://a.example/p?q=1&r=2"],
      ["Go: http://a.example/path/!", "http://a.example/path/"],
      ["«https://a.example/ü»", "https://a.example/ü"],
      ["“https://a.example/q”.", "https://a.example/q"],
      ["none here", null],
    ] as const) {
      expect(firstLink(text), text).toBe(link);
    }
  });
});
