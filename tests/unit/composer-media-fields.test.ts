import { describe, expect, it } from "vitest";
import { toFieldErrors } from "@/components/composer/field-errors";
import { legacyMediaUrls } from "@/components/composer/legacy-media-urls";

describe("toFieldErrors with media", () => {
  it("puts media.N.* under the media field, naming the item by its 1-based place", () => {
    const errors = toFieldErrors("Invalid body: media.1.id, media.0.altText", [
      { path: "media.1.id", message: "appears twice in media" },
      { path: "media.0.altText", message: "at most 1500 characters" },
    ]);
    expect(errors.media).toEqual(["Media item 2: appears twice in media", "Media item 1: at most 1500 characters"]);
    expect(errors.form).toEqual(["Invalid body: media.1.id, media.0.altText"]);
  });

  it("keeps a whole-list media problem (a platform rule's 422, path `media`) as it is", () => {
    const errors = toFieldErrors("Does not fit", [
      { path: "media", message: "Bluesky allows 4 media items; this post has 5" },
    ]);
    expect(errors.media).toEqual(["Bluesky allows 4 media items; this post has 5"]);
  });

  it("still names URLs by place under mediaUrls", () => {
    const errors = toFieldErrors("Invalid", [{ path: "mediaUrls.0", message: "must be an http(s) URL" }]);
    expect(errors.mediaUrls).toEqual(["URL 1: must be an http(s) URL"]);
  });
});

describe("legacyMediaUrls", () => {
  const item = (id: string, sourceUrl: string | null) => ({
    id,
    name: `${id}.png`,
    kind: "IMAGE" as const,
    mimeType: "image/png",
    width: 1,
    height: 1,
    durationMs: null,
    bytes: 1,
    altText: null,
    thumbnailUrl: null,
    sourceUrl,
  });

  it("lists only the URLs no library item of the post came from, in order", () => {
    const post = {
      mediaUrls: ["https://old.example/a.jpg", "https://old.example/b.mp4", "https://cdn.example/c.png"],
      media: [item("up", null), item("c", "https://cdn.example/c.png")],
    };
    expect(legacyMediaUrls(post)).toEqual(["https://old.example/a.jpg", "https://old.example/b.mp4"]);
  });

  it("is empty for a new post and for one whose URLs were all imported", () => {
    expect(legacyMediaUrls(undefined)).toEqual([]);
    expect(
      legacyMediaUrls({ mediaUrls: ["https://x.example/1.png"], media: [item("1", "https://x.example/1.png")] }),
    ).toEqual([]);
  });
});
