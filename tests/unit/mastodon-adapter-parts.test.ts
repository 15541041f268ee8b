import http from "node:http";
import type { mastodon } from "masto";
import { describe, expect, it } from "vitest";
import { createGuardedDispatcher } from "@/lib/net/create-guarded-dispatcher";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { mastodonHonoursIdempotencyKey } from "@/lib/publishing/networks/mastodon/config";
import { normaliseMastodonServerUrl } from "@/lib/publishing/networks/mastodon/connect";
import { isSentStatus, statusHtmlToText } from "@/lib/publishing/networks/mastodon/find-sent-status";
import type { MastodonStatusBody } from "@/lib/publishing/networks/mastodon/format";
import { mastodonRetryAfterMs } from "@/lib/publishing/networks/mastodon/map-mastodon-error";
import { readServerLimits } from "@/lib/publishing/networks/mastodon/read-server-limits";

const since = new Date("2026-11-29T12:00:00Z");
const body = (over: Partial<MastodonStatusBody> = {}): MastodonStatusBody => ({
  status: "Hello https://example.com/a/very/long/path #tag",
  visibility: null,
  spoilerText: null,
  language: null,
  media: [
    { id: "m1", name: "a.png", mimeType: "image/png", description: "first" },
    { id: "m2", name: "b.png", mimeType: "image/png", description: "second" },
  ],
  ...over,
});
const status = (over: Partial<mastodon.v1.Status> = {}) =>
  ({
    id: "1",
    createdAt: "2026-11-29T12:00:01Z",
    content:
      '<p>Hello <a href="https://example.com/a/very/long/path"><span class="invisible">https://</span>' +
      '<span class="ellipsis">example.com/a/very/lo</span><span class="invisible">ng/path</span></a> ' +
      '<a href="x" class="hashtag">#<span>tag</span></a></p>',
    spoilerText: "",
    reblog: null,
    mediaAttachments: [{ description: "first" }, { description: "second" }],
    ...over,
  }) as unknown as mastodon.v1.Status;

describe("recognising the status a lost request made", () => {
  it("matches text (from the HTML, links whole), warning and media descriptions, made after the send", () => {
    expect(isSentStatus(status(), body(), since)).toBe(true);
  });

  it("does not match what differs", () => {
    const cases: [string, mastodon.v1.Status, MastodonStatusBody, Date][] = [
      ["other text", status({ content: "<p>Hello there</p>" }), body(), since],
      [
        "media order",
        status({ mediaAttachments: [{ description: "second" }, { description: "first" }] } as never),
        body(),
        since,
      ],
      ["one image fewer", status({ mediaAttachments: [{ description: "first" }] } as never), body(), since],
      ["content warning", status({ spoilerText: "CW" }), body(), since],
      ["made before the attempt", status({ createdAt: "2026-11-29T11:57:00Z" }), body(), since],
      ["a boost", status({ reblog: status() }), body(), since],
    ];
    for (const [why, s, b, at] of cases) expect(isSentStatus(s, b, at), why).toBe(false);
  });

  it("accepts the server's clock up to 2 minutes behind, and prefers the plain text where given", () => {
    expect(isSentStatus(status({ createdAt: "2026-11-29T11:58:30Z" }), body(), since)).toBe(true);
    const plain = status({ text: "Hello\nhttps://example.com/a/very/long/path #tag", content: "<p>mangled</p>" });
    expect(isSentStatus(plain, body(), since)).toBe(true);
  });

  it("turns status HTML into its text", () => {
    expect(statusHtmlToText("<p>a &amp; b<br>c</p><p>&#x1F600; &lt;3 &quot;q&quot;</p>")).toBe('a & b\nc\n\n😀 <3 "q"');
  });
});

describe("which servers honour Idempotency-Key", () => {
  it("only Mastodon proper, known from its source_url", () => {
    const cases: [string, string | null, boolean][] = [
      ["4.3.0", "https://github.com/mastodon/mastodon", true],
      ["4.3.0+glitch", "https://github.com/glitch-soc/mastodon", true],
      ["0.19.2", "https://github.com/superseriousbusiness/gotosocial", false],
      ["0.19.2+git-abc", "https://codeberg.org/superseriousbusiness/gotosocial", false],
      ["2.7.2 (compatible; Pleroma 2.5.0)", "https://git.pleroma.social/pleroma/pleroma", false],
      ["4.2.0 (compatible; GoToSocial 0.19.2)", "https://github.com/mastodon/mastodon", false],
      ["4.3.0", null, false],
    ];
    for (const [serverVersion, serverSourceUrl, honours] of cases) {
      expect(mastodonHonoursIdempotencyKey({ serverVersion, serverSourceUrl }), serverVersion).toBe(honours);
    }
  });
});

describe("the server's limits", () => {
  it("maps the instance configuration and drops what is missing or out of bounds", () => {
    const read = readServerLimits({
      configuration: {
        statuses: { maxCharacters: 5000, maxMediaAttachments: 6, charactersReservedPerUrl: 25 },
        mediaAttachments: {
          supportedMimeTypes: ["image/png", "video/mp4"],
          imageSizeLimit: 41943040,
          videoSizeLimit: -1,
          videoMatrixLimit: 16777216,
        },
      },
    } as never);
    expect(read).toEqual({
      limits: {
        maxCharacters: 5000,
        maxMedia: 6,
        charactersPerUrl: 25,
        maxImageBytes: 41943040,
        maxVideoPixels: 16777216,
      },
      supportedMimeTypes: ["image/png", "video/mp4"],
    });
    expect(readServerLimits({ configuration: undefined } as never)).toEqual({ limits: {}, supportedMimeTypes: [] });
  });
});

describe("rate limit waits", () => {
  it("reads Retry-After (seconds or a date), else X-RateLimit-Reset", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(mastodonRetryAfterMs(new Headers({ "retry-after": "30" }), now)).toBe(30_000);
    expect(mastodonRetryAfterMs(new Headers({ "retry-after": "Sun, 29 Nov 2026 12:01:00 GMT" }), now)).toBe(60_000);
    expect(mastodonRetryAfterMs(new Headers({ "x-ratelimit-reset": "2026-11-29T12:05:00.000Z" }), now)).toBe(300_000);
    expect(mastodonRetryAfterMs(new Headers({ "x-ratelimit-reset": "soon" }), now)).toBeUndefined();
    expect(mastodonRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe("server URLs", () => {
  const outbound = {
    policy: { allowCidrs: parseAllowCidrs("192.168.1.0/24") },
    resolve: async () => ["93.184.215.14"],
  };
  it("keeps the origin, adds https, refuses paths, credentials, other schemes and clear text across the internet", async () => {
    expect(await normaliseMastodonServerUrl("mastodon.example", outbound)).toBe("https://mastodon.example");
    expect(await normaliseMastodonServerUrl(" https://Mastodon.Example/ ", outbound)).toBe("https://mastodon.example");
    for (const bad of [
      "ftp://mastodon.example",
      "https://mastodon.example/@me",
      "https://a:b@mastodon.example",
      "http://mastodon.example",
    ]) {
      await expect(normaliseMastodonServerUrl(bad, outbound), bad).rejects.toMatchObject({ code: "invalid_request" });
    }
    // Plain http inside the operator's allowed LAN range is fine.
    expect(await normaliseMastodonServerUrl("http://192.168.1.20:8080", outbound)).toBe("http://192.168.1.20:8080");
    await expect(normaliseMastodonServerUrl("http://192.168.2.20", outbound)).rejects.toMatchObject({
      code: "unprocessable",
    });
  });
});

describe("the guarded dispatcher masto's fetch uses", () => {
  it("connects to the checked host only", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const policy = { allowCidrs: parseAllowCidrs("127.0.0.1/32") };
    const { agent } = await createGuardedDispatcher({ url: `http://127.0.0.1:${port}`, policy });
    try {
      const init = { dispatcher: agent } as RequestInit;
      const ok = await fetch(`http://127.0.0.1:${port}/`, init);
      expect(await ok.text()).toBe("ok");
      // Another host through the same agent (e.g. where a redirect would lead) never connects.
      const other = await fetch(`http://localhost:${port}/`, init).catch((e: Error) => e);
      expect(other).toBeInstanceOf(Error);
      expect(String((other as Error & { cause?: Error }).cause?.message)).toMatch(/only 127\.0\.0\.1 passed/);
      await expect(
        createGuardedDispatcher({ url: `http://127.0.0.1:${port}`, policy: { allowCidrs: [] } }),
      ).rejects.toThrow(/loopback/);
    } finally {
      await agent.close();
      server.close();
    }
  });
});
