import { randomUUID } from "node:crypto";
import http from "node:http";
import { Readable } from "node:stream";
import { MastoHttpError } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MediaStorage } from "@/lib/media/storage/types";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { openMastodonClients } from "@/lib/publishing/networks/mastodon/client";
import { mapMastodonError } from "@/lib/publishing/networks/mastodon/map-mastodon-error";
import { uploadMastodonMedia } from "@/lib/publishing/networks/mastodon/upload-media";
import { PublishError } from "@/lib/publishing/networks/types";

const httpError = (statusCode: number, headers: Record<string, string> = {}, message = "Too many requests") =>
  new MastoHttpError({ statusCode, message }, { cause: new Response(null, { status: statusCode, headers }) });

describe("Mastodon answers as publish errors", () => {
  it("maps each kind of answer", () => {
    const at = new Date(Date.now() + 90_000).toISOString();
    const cases: [unknown, string, number | undefined][] = [
      [httpError(401, {}, "The access token was revoked"), "reconnect", undefined],
      [httpError(429, { "retry-after": "12" }), "transient", 12_000],
      [httpError(503), "transient", undefined],
      [httpError(422, {}, "Validation failed: Text character limit of 500 exceeded"), "permanent", undefined],
      [httpError(413, {}, "File is too large"), "permanent", undefined],
      [Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } }), "transient", undefined],
    ];
    for (const [err, kind, retryAfterMs] of cases) {
      const mapped = mapMastodonError(err, "uploading media 1 (a.png)");
      expect(mapped.kind, String(err)).toBe(kind);
      if (retryAfterMs !== undefined) expect(mapped.retryAfterMs).toBe(retryAfterMs);
      expect(mapped.message).toMatch(/^(uploading media 1 \(a\.png\)|the Mastodon server refused the access token)/);
    }
    const reset = mapMastodonError(httpError(429, { "x-ratelimit-reset": at }), "posting the status");
    expect(reset.retryAfterMs).toBeGreaterThan(80_000);
    expect(reset.retryAfterMs).toBeLessThanOrEqual(90_000);
    expect(mapMastodonError(httpError(422, {}, "Text too long"), "posting the status").message).toBe(
      "posting the status: Text too long",
    );
  });
});

// A server that processes uploads asynchronously, as Mastodon does for video: 202 with url null, then 206 on
// GET /api/v1/media/:id until done (https://docs.joinmastodon.org/methods/media/#v2). GoToSocial answers at once,
// so this wait cannot be seen against it.
let server: http.Server;
let serverUrl: string;
let polls = 0;
let pollsUntilReady = 2;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.method === "POST" && req.url === "/api/v2/media") {
      req.resume();
      req.on("end", () => {
        res.statusCode = 202;
        res.end(JSON.stringify({ id: "m1", type: "video", url: null, description: "clip" }));
      });
      return;
    }
    if (req.method === "GET" && req.url === "/api/v1/media/m1") {
      polls++;
      const ready = polls > pollsUntilReady;
      res.statusCode = ready ? 200 : 206;
      res.end(JSON.stringify({ id: "m1", type: "video", url: ready ? "http://x/m1.mp4" : null }));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  serverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const storage = {
  get: async () => ({ body: Readable.from(Buffer.from("video bytes")), bytes: 11, contentType: "video/mp4" }),
} as unknown as MediaStorage;
const item = {
  id: randomUUID(),
  name: "clip.mp4",
  kind: "VIDEO" as const,
  mimeType: "video/mp4",
  bytes: 11,
  sha256: "0",
  width: 320,
  height: 240,
  durationMs: 1000,
  altText: "clip",
  url: null,
  storageKey: "ws/clip/original",
};

async function upload(timeoutMs: number) {
  const clients = await openMastodonClients({
    serverUrl,
    accessToken: "t",
    policy: { allowCidrs: parseAllowCidrs("127.0.0.1/32") },
  });
  try {
    return await uploadMastodonMedia({
      rest: clients.rest,
      item,
      position: 1,
      workspaceId: "ws",
      storage,
      db: () => {
        throw new Error("no copy is made of a video");
      },
      signal: new AbortController().signal,
      timeoutMs,
      pollMs: 20,
    });
  } finally {
    await clients.close();
  }
}

describe("waiting out asynchronous media processing", () => {
  it("polls while the server answers 206 and returns the id once processed", async () => {
    polls = 0;
    pollsUntilReady = 2;
    await expect(upload(10_000)).resolves.toBe("m1");
    expect(polls).toBe(3);
  });

  it("gives up after the bound as a transient error", async () => {
    polls = 0;
    pollsUntilReady = 1_000_000;
    const error = await upload(150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).kind).toBe("transient");
    expect((error as PublishError).message).toMatch(/still processing/);
  });
});
