import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AtpAgent } from "@atproto/api";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { createBlueskyAdapter } from "@/lib/publishing/networks/bluesky/adapter";
import { connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import type { BlueskyConfig, BlueskyCredentials } from "@/lib/publishing/networks/bluesky/schemas";
import { type PublishableMedia, PublishError, type PublishRequest } from "@/lib/publishing/networks/types";
import { type BlueskyTestAccount, createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { expireAccessJwt, revokeAppPassword } from "@/tests/helpers/bluesky-session";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { generatedBuffer } from "@/tests/helpers/media-bytes";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makePng, uploadMedia } from "@/tests/helpers/upload-media";

// The Bluesky adapter (issue 10) against the launcher's real PDS (@atproto/dev-env): what it stores is read back
// from the PDS (com.atproto.repo.getRecord / listRecords), never taken from the adapter's own answer.

const { createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
const COLLECTION = "app.bsky.feed.post";

type Connected = { account: BlueskyTestAccount; config: BlueskyConfig; credentials: BlueskyCredentials };

async function connected(): Promise<Connected> {
  const account = await createBlueskyAccount();
  const { config, credentials } = await connectBlueskyAccount({
    identifier: account.handle,
    appPassword: account.password,
    service: account.pdsUrl,
    plcUrl: getEnv().BLUESKY_PLC_URL,
    fetch: createGuardedFetch(),
  });
  return { account, config, credentials };
}

/** A PublishRequest as the worker gives it, with an in-memory state and credentials store. */
function request(
  c: Connected,
  post: { content: string; workspaceId?: string; media?: PublishableMedia[] },
  store: { state: Record<string, unknown>; credentials: Record<string, unknown> } = {
    state: {},
    credentials: c.credentials,
  },
): PublishRequest {
  return {
    post: {
      id: randomUUID(),
      workspaceId: post.workspaceId ?? randomUUID(),
      content: post.content,
      mediaUrls: [],
      media: post.media ?? [],
      tags: [],
      scheduledAt: null,
    },
    channel: { id: randomUUID(), displayName: `@${c.config.handle}`, platform: "BLUESKY", config: c.config },
    credentials: store.credentials,
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    state: { ...store.state },
    checkpoint: async (patch) => {
      Object.assign(store.state, patch);
    },
    refreshCredentials: async (fn) => {
      store.credentials = await fn(store.credentials);
      return store.credentials;
    },
  };
}

const reader = (c: Connected) => new AtpAgent({ service: c.account.pdsUrl });
async function readRecord(c: Connected, uri: string) {
  const rkey = uri.split("/").pop() ?? "";
  const { data } = await reader(c).com.atproto.repo.getRecord({ repo: c.config.did, collection: COLLECTION, rkey });
  // biome-ignore lint/suspicious/noExplicitAny: a stored record's JSON, checked field by field below
  return data.value as Record<string, any>;
}
async function countPosts(c: Connected) {
  const { data } = await reader(c).com.atproto.repo.listRecords({ repo: c.config.did, collection: COLLECTION });
  return data.records.length;
}
const utf8Offset = (text: string, part: string) => Buffer.byteLength(text.slice(0, text.indexOf(part)));

describe("Bluesky adapter, real PDS", () => {
  it("publishes text with link, mention and hashtag facets at UTF-8 byte offsets; an unknown handle stays text", async () => {
    const [c, friend] = await Promise.all([connected(), createBlueskyAccount({ prefix: "f" })]);
    const link = "http://127.0.0.1:9/a?b=1"; // nothing listens there: no card
    const text = `Café ☕ 🧑‍🍳 news: ${link} with @${friend.handle} #cadence and @nobody-zz.test`;
    const receipt = await createBlueskyAdapter().publish(request(c, { content: text }));

    const rkey = receipt.platformPostId.split("/").pop();
    expect(receipt.platformPostId).toBe(`at://${c.config.did}/${COLLECTION}/${rkey}`);
    expect(receipt.url).toBe(`https://bsky.app/profile/${c.config.handle}/post/${rkey}`);
    const record = await readRecord(c, receipt.platformPostId);
    expect(record.text).toBe(text);
    const at = (part: string) => ({
      byteStart: utf8Offset(text, part),
      byteEnd: utf8Offset(text, part) + Buffer.byteLength(part),
    });
    expect(record.facets).toEqual(
      [
        {
          $type: "app.bsky.richtext.facet",
          index: at(link),
          features: [{ $type: "app.bsky.richtext.facet#link", uri: link }],
        },
        {
          $type: "app.bsky.richtext.facet",
          index: at(`@${friend.handle}`),
          features: [{ $type: "app.bsky.richtext.facet#mention", did: friend.did }],
        },
        {
          $type: "app.bsky.richtext.facet",
          index: at("#cadence"),
          features: [{ $type: "app.bsky.richtext.facet#tag", tag: "cadence" }],
        },
      ].map((f) => expect.objectContaining({ index: f.index, features: f.features })),
    );
    // byte offsets, not UTF-16 ones: the emoji before the link make them differ
    expect(at(link).byteStart).not.toBe(text.indexOf(link));
    // the link's page cannot be read, so no card: the post is text only
    expect(record.embed).toBeUndefined();
    expect(record.langs).toBeUndefined();
  });

  it("sends two images with alt text and aspectRatio; the one over 1 MB goes as a JPEG copy of ≤ 1,000,000 bytes", async () => {
    const c = await connected();
    const { workspace, token } = await createWorkspace();
    const small = await uploadMedia(token, await makePng(64, 48, "#336699"), "small.png");
    // pseudo-random pixels barely compress: a PNG of several MB
    const noise = await sharp(generatedBuffer(1400 * 1000 * 3, 7), { raw: { width: 1400, height: 1000, channels: 3 } })
      .png()
      .toBuffer();
    const big = await uploadMedia(token, noise, "big.png");
    expect(big.bytes).toBeGreaterThan(1_000_000);
    const media: PublishableMedia[] = [
      { ...small, kind: "IMAGE", name: "small.png", altText: "a blue rectangle", url: null },
      { ...big, kind: "IMAGE", name: "big.png", altText: "noise, ünïcödé alt", url: null },
    ];
    const config = { ...c.config, langs: ["en", "de"] };
    const receipt = await createBlueskyAdapter().publish(
      request({ ...c, config }, { content: "two pictures", workspaceId: workspace.id, media }),
    );

    const record = await readRecord(c, receipt.platformPostId);
    expect(record.langs).toEqual(["en", "de"]);
    expect(record.embed.$type).toBe("app.bsky.embed.images");
    const [first, second] = record.embed.images;
    expect(first).toMatchObject({ alt: "a blue rectangle", aspectRatio: { width: 64, height: 48 } });
    expect(first.image).toMatchObject({ mimeType: "image/png", size: small.bytes });
    expect(second.alt).toBe("noise, ünïcödé alt");
    expect(second.image.mimeType).toBe("image/jpeg");
    expect(second.image.size).toBeLessThanOrEqual(1_000_000);
    expect(second.aspectRatio.width / second.aspectRatio.height).toBeCloseTo(1.4, 2);
    // the blob on the PDS is that copy
    const blob = await reader(c).com.atproto.sync.getBlob({ did: c.config.did, cid: second.image.ref.toString() });
    expect(blob.data.length).toBe(second.image.size);
    expect((await sharp(Buffer.from(blob.data)).metadata()).format).toBe("jpeg");
  });

  describe("link card from a page on 127.0.0.1", () => {
    let server: Server;
    let base: string;
    const seen: string[] = [];
    beforeAll(async () => {
      const thumb = await makePng(120, 63, "#cc3300");
      server = createServer((req, res) => {
        seen.push(req.url ?? "");
        if (req.url === "/page") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(
            `<!doctype html><html><head><title>Fallback</title><meta property="og:title" content="Cadence &amp; friends">` +
              `<meta property="og:description" content="Schedules posts."><meta property="og:image" content="/og.png"></head>` +
              "<body>hello</body></html>",
          );
        } else if (req.url === "/og.png") {
          res.writeHead(200, { "content-type": "image/png" });
          res.end(thumb);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("reads og:title/description/image through the guard and uploads the thumbnail as a blob", async () => {
      const c = await connected();
      const receipt = await createBlueskyAdapter().publish(request(c, { content: `Read this: ${base}/page` }));
      const record = await readRecord(c, receipt.platformPostId);
      expect(record.embed).toMatchObject({
        $type: "app.bsky.embed.external",
        external: { uri: `${base}/page`, title: "Cadence & friends", description: "Schedules posts." },
      });
      expect(record.embed.external.thumb).toMatchObject({ mimeType: "image/png" });
      expect(seen).toEqual(["/page", "/og.png"]);
    });
  });

  describe("exactly once", () => {
    it("an answer lost and a read-back that fails: the retry with the same state finds the post, one record", async () => {
      const c = await connected();
      const guarded = createGuardedFetch();
      let sentCreate = false;
      // Sends createRecord for real, then loses its answer; everything after it fails too (the PDS is "gone").
      const losing: typeof fetch = async (input, init) => {
        if (sentCreate) throw new TypeError("fetch failed (connection reset)");
        const url = new Request(input, init).url;
        const res = await guarded(input, init);
        if (url.includes("com.atproto.repo.createRecord")) {
          sentCreate = true;
          await res.arrayBuffer();
          throw new TypeError("fetch failed (answer lost)");
        }
        return res;
      };
      const store = { state: {} as Record<string, unknown>, credentials: c.credentials as Record<string, unknown> };
      const first = createBlueskyAdapter({ fetch: losing }).publish(request(c, { content: "exactly once" }, store));
      await expect(first).rejects.toMatchObject({ kind: "transient" });
      expect(store.state.rkey).toMatch(/^[a-z2-7]{13}$/);
      expect(await countPosts(c)).toBe(1);

      const again = await createBlueskyAdapter().publish(request(c, { content: "exactly once" }, store));
      expect(again.platformPostId).toBe(`at://${c.config.did}/${COLLECTION}/${store.state.rkey}`);
      expect(await countPosts(c)).toBe(1);
    });

    it("an answer lost but the PDS still there: the same attempt reads the post back", async () => {
      const c = await connected();
      const guarded = createGuardedFetch();
      const losing: typeof fetch = async (input, init) => {
        const res = await guarded(input, init);
        if (new Request(input, init).url.includes("createRecord")) {
          await res.arrayBuffer();
          throw new TypeError("fetch failed (answer lost)");
        }
        return res;
      };
      const store = { state: {}, credentials: c.credentials };
      const receipt = await createBlueskyAdapter({ fetch: losing }).publish(
        request(c, { content: "lost once" }, store),
      );
      expect(receipt.platformPostId).toContain((store.state as { rkey: string }).rkey);
      expect(await countPosts(c)).toBe(1);
    });

    it("a create for a key that already holds the post (HTTP 500 from the PDS) is read back, not repeated", async () => {
      const c = await connected();
      const store = { state: {} as Record<string, unknown>, credentials: c.credentials as Record<string, unknown> };
      const made = await createBlueskyAdapter().publish(request(c, { content: "once" }, store));
      // A second worker whose first read ran before that write landed: it sees no record and creates with the key.
      const guarded = createGuardedFetch();
      let reads = 0;
      let createStatus = 0;
      const stale: typeof fetch = async (input, init) => {
        const url = new Request(input, init).url;
        if (url.includes("com.atproto.repo.getRecord") && reads++ === 0) {
          const body = JSON.stringify({ error: "RecordNotFound", message: "Could not locate record" });
          return new Response(body, { status: 400, headers: { "content-type": "application/json" } });
        }
        const res = await guarded(input, init);
        if (url.includes("createRecord")) createStatus = res.status;
        return res;
      };
      const again = await createBlueskyAdapter({ fetch: stale }).publish(request(c, { content: "once" }, store));
      expect(createStatus).toBe(500);
      expect(again.platformPostId).toBe(made.platformPostId);
      expect(await countPosts(c)).toBe(1);
    });
  });

  describe("sessions", () => {
    it("an expired access token is renewed through refreshCredentials and the post goes out", async () => {
      const c = await connected();
      const expired = expireAccessJwt(c.credentials.accessJwt);
      const store = { state: {}, credentials: { ...c.credentials, accessJwt: expired } as Record<string, unknown> };
      const receipt = await createBlueskyAdapter().publish(request(c, { content: "after a refresh" }, store));
      expect(await countPosts(c)).toBe(1);
      expect((await readRecord(c, receipt.platformPostId)).text).toBe("after a refresh");
      expect(store.credentials.accessJwt).not.toBe(expired);
      expect(store.credentials.refreshJwt).not.toBe(c.credentials.refreshJwt);
      expect(store.credentials.did).toBe(c.config.did);
    });

    it("a session another worker renewed meanwhile is used as it is (no second refresh)", async () => {
      const c = await connected();
      const guarded = createGuardedFetch();
      let refreshes = 0;
      const counting: typeof fetch = async (input, init) => {
        if (new Request(input, init).url.includes("refreshSession")) refreshes++;
        return guarded(input, init);
      };
      const req = request(c, { content: "renewed elsewhere" });
      // this attempt read an expired token; the store already holds the good one
      req.credentials = { ...c.credentials, accessJwt: expireAccessJwt(c.credentials.accessJwt) };
      await createBlueskyAdapter({ fetch: counting }).publish(req);
      expect(refreshes).toBe(0);
      expect(await countPosts(c)).toBe(1);
    });

    it("a revoked app password: the refresh is refused and the adapter asks for a reconnect; nothing is posted", async () => {
      const c = await connected();
      await revokeAppPassword(c.account);
      const store = {
        state: {},
        credentials: { ...c.credentials, accessJwt: expireAccessJwt(c.credentials.accessJwt) } as Record<
          string,
          unknown
        >,
      };
      const attempt = createBlueskyAdapter().publish(request(c, { content: "never" }, store));
      await expect(attempt).rejects.toBeInstanceOf(PublishError);
      await expect(attempt).rejects.toMatchObject({
        kind: "reconnect",
        message: expect.stringContaining("app password removed; reconnect"),
      });
      expect(await countPosts(c)).toBe(0);
    });
  });

  it("refuses a video for now, naming it, before sending anything", async () => {
    const c = await connected();
    const video = {
      id: "m1",
      name: "clip.mp4",
      kind: "VIDEO" as const,
      mimeType: "video/mp4",
      bytes: 1000,
      sha256: "0",
      width: 640,
      height: 360,
      durationMs: 1000,
      altText: null,
      url: null,
    };
    const store = { state: {} as Record<string, unknown>, credentials: c.credentials as Record<string, unknown> };
    await expect(
      createBlueskyAdapter().publish(request(c, { content: "clip", media: [video] }, store)),
    ).rejects.toMatchObject({
      kind: "permanent",
      message: expect.stringContaining("does not send videos to Bluesky yet (media m1)"),
    });
    expect(store.state).toEqual({});
    expect(await countPosts(c)).toBe(0);
  });
});

describe("Bluesky adapter without the publishing core's checkpoint", () => {
  it("a lost answer with no record found is an unknown outcome (a new key on retry could post twice)", async () => {
    const c = await connected();
    const guarded = createGuardedFetch();
    const never: typeof fetch = async (input, init) => {
      if (new Request(input, init).url.includes("createRecord"))
        throw new TypeError("fetch failed (reset before sending)");
      return guarded(input, init);
    };
    // as a core without checkpoints calls it (main before the publishing core had them)
    const req = { ...request(c, { content: "no checkpoint" }), checkpoint: undefined } as unknown as PublishRequest;
    await expect(createBlueskyAdapter({ fetch: never }).publish(req)).rejects.toMatchObject({
      kind: "unknown_outcome",
    });
    // with a checkpoint the same failure is retried (the key is kept)
    const kept = request(c, { content: "with checkpoint" });
    await expect(createBlueskyAdapter({ fetch: never }).publish(kept)).rejects.toMatchObject({ kind: "transient" });
    expect(await countPosts(c)).toBe(0);
  });
});
