import { describe, expect, it } from "vitest";
import { isSentPost } from "@/lib/publishing/networks/linkedin/find-sent-post";
import { firstLink, formatLinkedInPost } from "@/lib/publishing/networks/linkedin/format";
import { LinkedInHttpError } from "@/lib/publishing/networks/linkedin/linkedin-api";
import {
  escapeLittleText,
  LITTLE_RESERVED,
  toLittleCommentary,
  unescapeLittleText,
} from "@/lib/publishing/networks/linkedin/little-text";
import { linkedinRetryAfterMs, mapLinkedInError } from "@/lib/publishing/networks/linkedin/map-linkedin-error";

const image = (id: string, altText: string | null = null) => ({
  id,
  name: `${id}.png`,
  mimeType: "image/png",
  kind: "IMAGE" as const,
  altText,
});

describe("little text escaping", () => {
  it("escapes every reserved character of the little format with a backslash", () => {
    expect([...LITTLE_RESERVED].sort()).toEqual(
      ["#", "(", ")", "*", "<", ">", "@", "[", "\\", "]", "_", "{", "|", "}", "~"].sort(),
    );
    for (const ch of LITTLE_RESERVED) expect(escapeLittleText(`a${ch}b`), ch).toBe(`a\\${ch}b`);
    expect(escapeLittleText("Hello @[Acme](urn:li:organization:1)")).toBe(
      "Hello \\@\\[Acme\\]\\(urn:li:organization:1\\)",
    );
    expect(escapeLittleText("plain, text: 100% ok!?")).toBe("plain, text: 100% ok!?");
  });

  it("unescape undoes escape for any text (property over generated strings)", () => {
    const alphabet = ["a", " ", "\n", "é", "😀", ...LITTLE_RESERVED];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 300; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 30) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join("");
      const escaped = escapeLittleText(text);
      expect(unescapeLittleText(escaped)).toBe(text);
      // No reserved character is left bare: each one is preceded by an escaping backslash.
      expect(
        escaped
          .replace(/\\[\s\S]/g, "")
          .split("")
          .some((c) => LITTLE_RESERVED.has(c)),
      ).toBe(false);
    }
  });

  it("keeps hashtags as LinkedIn's HashtagTemplate, and other '#' as text", () => {
    expect(toLittleCommentary("#launch day")).toBe("{hashtag|\\#|launch} day");
    expect(toLittleCommentary("New (beta) #Cadence_app release #2 in C# #été")).toBe(
      "New \\(beta\\) {hashtag|\\#|Cadence\\_app} release \\#2 in C\\# {hashtag|\\#|été}",
    );
    expect(toLittleCommentary("#a #b")).toBe("{hashtag|\\#|a} {hashtag|\\#|b}");
  });

  it("leaves a link's fragment alone: it is part of the address, not a hashtag", () => {
    expect(toLittleCommentary("Read https://example.com/docs_v2#install now #docs")).toBe(
      "Read https://example.com/docs\\_v2\\#install now {hashtag|\\#|docs}",
    );
  });
});

describe("formatLinkedInPost", () => {
  const channel = { config: { authorUrn: "urn:li:organization:2414183" } };

  it("a text post: author, little commentary, PUBLIC on the main feed, published", () => {
    expect(formatLinkedInPost({ content: "Hi {team} :)", media: [] }, channel)).toEqual({
      author: "urn:li:organization:2414183",
      commentary: "Hi \\{team\\} :\\)",
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
      images: [],
      articleUrl: null,
    });
  });

  it("the first link becomes the article only when there is no media", () => {
    const text = "See https://cadence.example/blog/post?x=1 and https://other.example";
    expect(formatLinkedInPost({ content: text, media: [] }, channel).articleUrl).toBe(
      "https://cadence.example/blog/post?x=1",
    );
    const withImage = formatLinkedInPost({ content: text, media: [image("a", " Alt ")] }, channel);
    expect(withImage.articleUrl).toBeNull();
    expect(withImage.images).toEqual([{ ...image("a"), altText: "Alt" }]);
    expect(formatLinkedInPost({ content: "no link, example.com only", media: [] }, channel).articleUrl).toBeNull();
    expect(firstLink("Read this: https://a.example/x_(y).")).toBe("https://a.example/x_(y)");
    expect(firstLink("(see https://a.example/page)!")).toBe("https://a.example/page");
    expect(firstLink("local http://127.0.0.1:8080/p?q=1, then")).toBe("http://127.0.0.1:8080/p?q=1");
    expect(firstLink("ftp://a.example/x and mailto:x@y.z")).toBeNull();
  });

  it("a channel without an author formats with an empty author (publish refuses it)", () => {
    expect(formatLinkedInPost({ content: "x", media: [] }, { config: {} }).author).toBe("");
  });
});

describe("matching a post after a lost answer", () => {
  const since = new Date("2026-11-29T10:00:00Z");
  const expected = { author: "urn:li:person:abc", commentary: "Hello \\(world\\)", imageUrns: ["urn:li:image:1"] };
  const post = {
    id: "urn:li:share:1",
    author: "urn:li:person:abc",
    commentary: "Hello \\(world\\)",
    createdAt: since.getTime() + 1000,
    content: { media: { id: "urn:li:image:1" } },
  };
  it("needs the same author, commentary, images, and a creation after the send (2 min of clock skew)", () => {
    expect(isSentPost(post, expected, since)).toBe(true);
    expect(isSentPost({ ...post, createdAt: since.getTime() - 119_000 }, expected, since)).toBe(true);
    expect(isSentPost({ ...post, createdAt: since.getTime() - 121_000 }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, author: "urn:li:person:other" }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, commentary: "Hello world" }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, content: { media: { id: "urn:li:image:2" } } }, expected, since)).toBe(false);
    expect(isSentPost({ ...post, content: undefined }, expected, since)).toBe(false);
  });
});

describe("LinkedIn errors", () => {
  const err = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    new LinkedInHttpError(status, body, new Headers(headers), `HTTP ${status}`);

  it("429 waits for Retry-After when given, else until the next 00:00 UTC", () => {
    const now = Date.parse("2026-11-29T22:30:00Z");
    expect(linkedinRetryAfterMs(new Headers({ "retry-after": "30" }), now)).toBe(30_000);
    expect(linkedinRetryAfterMs(new Headers(), now)).toBe(90 * 60_000);
    expect(linkedinRetryAfterMs(undefined, Date.parse("2026-11-29T00:00:00Z"))).toBe(86_400_000);
  });

  it("maps each documented status to its kind with LinkedIn's message", () => {
    const cases: [number, Record<string, unknown>, string, RegExp][] = [
      [
        401,
        { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" },
        "reconnect",
        /Invalid access token/,
      ],
      [
        429,
        { status: 429, message: "Resource level throttle APPLICATION DAY limit" },
        "transient",
        /DAY limit.*00:00 UTC/,
      ],
      [
        403,
        { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: x" },
        "permanent",
        /permission.*Not enough permissions/,
      ],
      [
        422,
        { status: 422, message: "Content is a duplicate of urn:li:share:1" },
        "permanent",
        /duplicate.*urn:li:share:1/,
      ],
      [
        426,
        { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 202401 is not active" },
        "permanent",
        /LINKEDIN_API_VERSION.*not active/,
      ],
      [
        400,
        { status: 400, message: "Uploaded media is not a supported image type" },
        "permanent",
        /not a supported image/,
      ],
      [503, { status: 503, message: "Service Unavailable" }, "transient", /Service Unavailable/],
    ];
    for (const [status, body, kind, says] of cases) {
      const mapped = mapLinkedInError(err(status, body), "creating the post");
      expect([mapped.kind, mapped.httpStatus], String(status)).toEqual([kind, status]);
      expect(mapped.message, String(status)).toMatch(says);
    }
    const lost = mapLinkedInError(
      new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }),
      "uploading image 1",
    );
    expect([lost.kind, lost.message]).toEqual(["transient", "uploading image 1: ECONNRESET (no answer from LinkedIn)"]);
  });
});
