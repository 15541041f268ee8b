import { describe, expect, it } from "vitest";
import { parseThreadsTimestamp } from "@/lib/publishing/networks/threads/find-published-thread";
import { containerFields, formatThreadsPost } from "@/lib/publishing/networks/threads/format";
import { mapThreadsError, threadsRetryAfterMs } from "@/lib/publishing/networks/threads/map-threads-error";
import { describeThreadsQuota } from "@/lib/publishing/networks/threads/publishing-quota";
import { graphErrorText, readGraphError, ThreadsApiError } from "@/lib/publishing/networks/threads/threads-graph";

const image = (id: string, altText: string | null = null) => ({
  id,
  name: `${id}.jpg`,
  kind: "IMAGE" as const,
  altText,
});

describe("formatThreadsPost", () => {
  it("text only → a TEXT post with the text as written", () => {
    expect(formatThreadsPost({ content: "Hello 🎉 https://example.com", media: [] })).toEqual({
      mediaType: "TEXT",
      text: "Hello 🎉 https://example.com",
      items: [],
    });
  });

  it("one image → IMAGE, one video → VIDEO, alt text trimmed, blank alt text and blank text dropped", () => {
    expect(formatThreadsPost({ content: "  ", media: [image("a", "  A dog  ")] })).toEqual({
      mediaType: "IMAGE",
      text: null,
      items: [{ id: "a", name: "a.jpg", mediaType: "IMAGE", altText: "A dog" }],
    });
    const video = { id: "v", name: "v.mp4", kind: "VIDEO" as const, altText: " " };
    expect(formatThreadsPost({ content: "clip", media: [video] })).toMatchObject({
      mediaType: "VIDEO",
      items: [{ mediaType: "VIDEO", altText: null }],
    });
  });

  it("two or more items → a CAROUSEL in the post's order", () => {
    const body = formatThreadsPost({ content: "two", media: [image("a"), image("b", "B")] });
    expect(body.mediaType).toBe("CAROUSEL");
    expect(body.items.map((i) => [i.id, i.altText])).toEqual([
      ["a", null],
      ["b", "B"],
    ]);
  });
});

describe("containerFields", () => {
  const body = formatThreadsPost({ content: "caption", media: [image("a", "Alt A"), image("b")] });
  it("a carousel item: is_carousel_item=true, image_url, alt_text, no text", () => {
    expect(
      containerFields(body, { item: body.items[0] as never, url: "https://m.test/a", carouselItem: true }),
    ).toEqual({
      media_type: "IMAGE",
      image_url: "https://m.test/a",
      is_carousel_item: "true",
      alt_text: "Alt A",
      text: undefined,
    });
  });
  it("the carousel: children comma-separated in order, with the text", () => {
    expect(containerFields(body, { children: ["11", "22"] })).toEqual({
      media_type: "CAROUSEL",
      children: "11,22",
      text: "caption",
    });
  });
  it("a single video uses video_url; a text post sends media_type TEXT and text only", () => {
    const video = formatThreadsPost({
      content: "v",
      media: [{ id: "v", name: "v.mp4", kind: "VIDEO", altText: null }],
    });
    expect(
      containerFields(video, { item: video.items[0] as never, url: "https://m.test/v", carouselItem: false }),
    ).toEqual({
      media_type: "VIDEO",
      video_url: "https://m.test/v",
      is_carousel_item: "false",
      alt_text: undefined,
      text: "v",
    });
    expect(containerFields(formatThreadsPost({ content: "t", media: [] }), null)).toEqual({
      media_type: "TEXT",
      text: "t",
    });
  });
});

describe("Graph API errors", () => {
  it("reads the documented error body and the flat token-endpoint shape", () => {
    const graph = readGraphError({
      error: {
        message: "Invalid parameter",
        type: "OAuthException",
        code: 100,
        error_subcode: 2207052,
        error_user_msg: "The image could not be fetched",
        fbtrace_id: "Ab1",
      },
    });
    expect(graph).toEqual({
      message: "Invalid parameter",
      type: "OAuthException",
      code: 100,
      subcode: 2207052,
      userMessage: "The image could not be fetched",
      fbtraceId: "Ab1",
    });
    expect(graph && graphErrorText(graph)).toBe(
      "Invalid parameter The image could not be fetched (code 100, subcode 2207052, fbtrace_id Ab1)",
    );
    expect(readGraphError({ error_type: "OAuthException", code: 400, error_message: "Invalid code" })).toMatchObject({
      message: "Invalid code",
      code: 400,
    });
    expect(readGraphError({ id: "1" })).toBeNull();
    expect(readGraphError("<html>")).toBeNull();
  });

  const err = (httpStatus: number | undefined, code: number | null) =>
    new ThreadsApiError("said", {
      httpStatus,
      graph:
        code === null ? null : { message: "said", type: null, code, subcode: null, userMessage: null, fbtraceId: null },
    });
  it.each([
    [400, 190, "reconnect"],
    [401, null, "reconnect"],
    [403, 10, "reconnect"],
    [403, 200, "reconnect"],
    [400, 4, "transient"],
    [400, 17, "transient"],
    [400, 32, "transient"],
    [400, 613, "transient"],
    [429, null, "transient"],
    [500, 1, "transient"],
    [503, null, "transient"],
    [undefined, null, "transient"],
    [400, 100, "permanent"],
    [400, 24, "permanent"],
    [404, null, "permanent"],
  ] as const)("HTTP %s code %s → %s", (status, code, kind) => {
    const mapped = mapThreadsError(err(status, code), "step");
    expect(mapped.kind).toBe(kind);
    expect(mapped.message).toContain("step: said");
  });

  it("Meta's wait: Retry-After seconds, else estimated_time_to_regain_access minutes (the largest)", () => {
    expect(threadsRetryAfterMs(new Headers({ "retry-after": "30" }))).toBe(30_000);
    const usage = JSON.stringify({
      "1": [{ estimated_time_to_regain_access: 3 }, { estimated_time_to_regain_access: 12 }],
    });
    expect(threadsRetryAfterMs(new Headers({ "x-business-use-case-usage": usage }))).toBe(12 * 60_000);
    expect(threadsRetryAfterMs(new Headers({ "x-app-usage": '{"call_count":100}' }))).toBeUndefined();
    expect(threadsRetryAfterMs(undefined)).toBeUndefined();
  });
});

describe("small readers", () => {
  it("Threads timestamps (+0000 without a colon) parse to the same instant as ISO 8601", () => {
    expect(parseThreadsTimestamp("2026-11-29T17:02:03+0000")).toBe(Date.parse("2026-11-29T17:02:03Z"));
    expect(parseThreadsTimestamp("2026-11-29T19:02:03+0200")).toBe(Date.parse("2026-11-29T17:02:03Z"));
    expect(parseThreadsTimestamp(undefined)).toBeNaN();
  });
  it("the quota as people read it", () => {
    expect(describeThreadsQuota({ usage: 12, total: 250, durationSec: 86_400 })).toBe(
      "12 of 250 posts in the last 24 hours",
    );
    expect(describeThreadsQuota({ usage: 1, total: 5, durationSec: 3600 })).toBe("1 of 5 posts in the last hour");
  });
});
