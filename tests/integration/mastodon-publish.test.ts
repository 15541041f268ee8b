import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createMastodonAdapter } from "@/lib/publishing/networks/mastodon/adapter";
import {
  type PublishableMedia,
  type PublishablePost,
  PublishError,
  type PublishRequest,
} from "@/lib/publishing/networks/types";
import {
  createMastodonPublisher,
  listMastodonStatuses,
  type MastodonPublisher,
  mastodonApi,
} from "@/tests/helpers/mastodon-publisher";
import { publishablePost, storedMedia } from "@/tests/helpers/publish-request";
import { makePng } from "@/tests/helpers/upload-media";

// Publishing to the launcher's real GoToSocial (a Mastodon-API server) through the MASTODON adapter.

const mediaDir = mkdtempSync(path.join(tmpdir(), "cadence-mastodon-"));
const storage = createLocalDiskStorage({ root: mediaDir });
const allowLoopback = () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") });
const adapter = createMastodonAdapter({ policy: allowLoopback, storage: () => storage, mediaPollMs: 200 });

let publisher: MastodonPublisher;
let images: PublishableMedia[];

async function storedPng(name: string, color: string, altText: string): Promise<PublishableMedia> {
  return storedMedia(storage, await makePng(80, 60, color), { name, altText });
}

beforeAll(async () => {
  publisher = await createMastodonPublisher();
  images = [
    await storedPng("red.png", "#cc2222", "A red rectangle"),
    await storedPng("blue.png", "#2222cc", "A blue rectangle"),
  ];
}, 120_000);

afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

function channelConfig(p: MastodonPublisher, extra: Record<string, unknown> = {}, serverUrl = p.serverUrl) {
  return { serverUrl, accountId: p.accountId, acct: p.acct, serverVersion: "0.19.2", ...extra };
}

/** A publish request as the publishing core makes it, with an in-memory checkpoint store. */
function request(
  p: MastodonPublisher,
  post: Partial<PublishablePost>,
  opts: { config?: Record<string, unknown>; token?: string; state?: Record<string, unknown> } = {},
) {
  const state: Record<string, unknown> = { ...(opts.state ?? {}) };
  const req: PublishRequest = {
    post: publishablePost({ content: `hello ${randomUUID()}`, ...post }),
    channel: {
      id: randomUUID(),
      displayName: `@${p.acct}`,
      platform: "MASTODON",
      config: opts.config ?? channelConfig(p),
    },
    credentials: { accessToken: opts.token ?? p.token },
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    state: { ...state },
    checkpoint: async (patch) => {
      Object.assign(state, patch);
    },
    refreshCredentials: async (fn) => fn(req.credentials),
  };
  return { req, state };
}

type Status = {
  id: string;
  content: string;
  spoiler_text: string;
  visibility: string;
  language: string | null;
  media_attachments: { id: string; description: string | null; type: string }[];
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
};

describe("publishing to GoToSocial", () => {
  it("posts text and two images with their alt text, in order", async () => {
    const content = `Two pictures ${randomUUID()}`;
    const { req, state } = request(publisher, { content, media: images });
    const receipt = await adapter.publish(req);
    const status = await mastodonApi<Status>(
      publisher.serverUrl,
      publisher.token,
      `/api/v1/statuses/${receipt.platformPostId}`,
    );
    expect(status.content).toContain(content);
    expect(status.media_attachments.map((m) => [m.type, m.description])).toEqual([
      ["image", "A red rectangle"],
      ["image", "A blue rectangle"],
    ]);
    expect(receipt.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The uploaded ids were checkpointed in order, for a retry not to upload again.
    expect((state.mastodonMedia as { itemId: string; mediaId: string }[]).map((m) => m.mediaId)).toEqual(
      status.media_attachments.map((m) => m.id),
    );
  });

  it("applies the channel's content warning, visibility and language", async () => {
    const config = channelConfig(publisher, { visibility: "unlisted", spoilerText: "Spoilers", language: "de" });
    const { req } = request(publisher, { content: `Hinter der Warnung ${randomUUID()}` }, { config });
    const receipt = await adapter.publish(req);
    const status = await mastodonApi<Status>(
      publisher.serverUrl,
      publisher.token,
      `/api/v1/statuses/${receipt.platformPostId}`,
    );
    expect([status.spoiler_text, status.visibility, status.language]).toEqual(["Spoilers", "unlisted", "de"]);
  });

  it("refuses text over the server's own limit as permanent, with the server's message", async () => {
    const instance = await mastodonApi<{ configuration: { statuses: { max_characters: number } } }>(
      publisher.serverUrl,
      publisher.token,
      "/api/v2/instance",
    );
    const max = instance.configuration.statuses.max_characters;
    const before = (await listMastodonStatuses(publisher)).length;
    const { req } = request(publisher, { content: "a".repeat(max + 1) });
    const error = await adapter.publish(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).kind).toBe("permanent");
    expect((error as PublishError).httpStatus).toBeGreaterThanOrEqual(400);
    // GoToSocial 0.19.2: 400 "text with spoiler exceed max chars (5000)"; Mastodon: 422 "Text character limit of 500 exceeded".
    expect((error as PublishError).message).toMatch(/posting the status: .*(character|length|long|max chars)/i);
    expect((error as PublishError).message).toContain(String(max));
    expect((await listMastodonStatuses(publisher)).length).toBe(before);
    // One character fewer fits.
    const fits = request(publisher, { content: "b".repeat(max) });
    await expect(adapter.publish(fits.req)).resolves.toHaveProperty("platformPostId");
  });

  it("a refused token is 'reconnect'", async () => {
    for (const token of ["not-a-token", `${publisher.token.slice(0, -4)}AAAA`]) {
      const { req } = request(publisher, {}, { token });
      const error = await adapter.publish(req).catch((e: unknown) => e);
      expect((error as PublishError).kind, token).toBe("reconnect");
      expect((error as PublishError).httpStatus).toBe(401);
    }
  });

  it("a server outside the allowed addresses is refused before anything is sent", async () => {
    const strict = createMastodonAdapter({ policy: () => ({ allowCidrs: [] }), storage: () => storage });
    const before = (await listMastodonStatuses(publisher)).length;
    const error = await strict.publish(request(publisher, {}).req).catch((e: unknown) => e);
    expect((error as PublishError).kind).toBe("permanent");
    expect((error as PublishError).message).toMatch(/loopback/);
    expect((await listMastodonStatuses(publisher)).length).toBe(before);
  });

  it("uploads again when the server refuses media ids kept from an earlier attempt", async () => {
    const first = request(publisher, { content: `first ${randomUUID()}`, media: [images[0] as PublishableMedia] });
    await adapter.publish(first.req);
    const kept = first.state.mastodonMedia as { itemId: string; mediaId: string }[];
    // A later attempt of another publication that (wrongly) carries those ids: GoToSocial refuses used ids.
    const second = request(
      publisher,
      { content: `second ${randomUUID()}`, media: [images[0] as PublishableMedia] },
      { state: { mastodonMedia: kept } },
    );
    const receipt = await adapter.publish(second.req);
    const status = await mastodonApi<Status>(
      publisher.serverUrl,
      publisher.token,
      `/api/v1/statuses/${receipt.platformPostId}`,
    );
    expect(status.media_attachments).toHaveLength(1);
    expect(status.media_attachments[0]?.id).not.toBe(kept[0]?.mediaId);
    expect(status.media_attachments[0]?.description).toBe("A red rectangle");
  });
});

/**
 * A relay in front of GoToSocial: forwards every request, but for the first `drop` POST /api/v1/statuses it either
 * lets the server make the status and then cuts the connection before the answer ("answer") or cuts it without
 * forwarding ("request").
 */
async function startRelay(target: string, lose: "answer" | "request") {
  let toDrop = 1;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isStatus = req.method === "POST" && req.url === "/api/v1/statuses";
    if (isStatus && toDrop > 0 && lose === "request") {
      toDrop--;
      req.socket.destroy();
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers.set(k, v);
    }
    const upstream = await fetch(new URL(req.url ?? "/", target), {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (isStatus && toDrop > 0) {
      toDrop--;
      req.socket.destroy(); // the status exists on the server; its answer never arrives
      return;
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe("exactly once after a lost answer (GoToSocial ignores Idempotency-Key)", () => {
  it("finds the status the lost request made, and a retry does not post it again", async () => {
    const p = await createMastodonPublisher("lost");
    const relay = await startRelay(p.serverUrl, "answer");
    try {
      const content = `Lost answer ${randomUUID()}`;
      const { req, state } = request(p, { content, media: images }, { config: channelConfig(p, {}, relay.url) });
      const receipt = await adapter.publish(req);
      const statuses = await listMastodonStatuses(p);
      expect(statuses.map((s) => s.id)).toEqual([receipt.platformPostId]);
      expect(typeof state.mastodonSentAt).toBe("string");
      // The publishing core calls again with the checkpointed state (e.g. after the worker died): still one.
      const again = request(p, { content, media: images }, { config: channelConfig(p), state });
      again.req.post.id = req.post.id;
      const second = await adapter.publish(again.req);
      expect(second.platformPostId).toBe(receipt.platformPostId);
      expect((await listMastodonStatuses(p)).map((s) => s.id)).toEqual([receipt.platformPostId]);
    } finally {
      await relay.close();
    }
  });

  it("when the request never arrived: nothing is found, and it is UNCONFIRMED rather than sent twice", async () => {
    const p = await createMastodonPublisher("lostreq");
    const relay = await startRelay(p.serverUrl, "request");
    try {
      const { req } = request(
        p,
        { content: `Never arrived ${randomUUID()}` },
        { config: channelConfig(p, {}, relay.url) },
      );
      const error = await adapter.publish(req).catch((e: unknown) => e);
      expect((error as PublishError).kind).toBe("unknown_outcome");
      expect((error as PublishError).message).toMatch(/does not honour Idempotency-Key/);
      expect(await listMastodonStatuses(p)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it("the same text posted before the attempt started is not taken for it", async () => {
    const p = await createMastodonPublisher("older");
    const content = `Said twice ${randomUUID()}`;
    await mastodonApi(p.serverUrl, p.token, "/api/v1/statuses", { body: { status: content } });
    const relay = await startRelay(p.serverUrl, "request");
    try {
      // Server and test share a clock; an attempt that starts 5 minutes later must not take the older status.
      const later = createMastodonAdapter({
        policy: allowLoopback,
        storage: () => storage,
        now: () => new Date(Date.now() + 5 * 60_000),
      });
      const { req } = request(p, { content }, { config: channelConfig(p, {}, relay.url) });
      const error = await later.publish(req).catch((e: unknown) => e);
      expect((error as PublishError).kind).toBe("unknown_outcome");
    } finally {
      await relay.close();
    }
  });
});

describe("metrics", () => {
  it("reads favourites, boosts and replies another account made", async () => {
    const { req } = request(publisher, { content: `Engage with me ${randomUUID()}` });
    const receipt = await adapter.publish(req);
    const fan = await createMastodonPublisher("fan");
    const id = receipt.platformPostId;
    await mastodonApi(fan.serverUrl, fan.token, `/api/v1/statuses/${id}/favourite`, { method: "POST" });
    await mastodonApi(fan.serverUrl, fan.token, `/api/v1/statuses/${id}/reblog`, { method: "POST" });
    await mastodonApi(fan.serverUrl, fan.token, "/api/v1/statuses", {
      body: { status: `@${publisher.acct} nice`, in_reply_to_id: id },
    });
    await mastodonApi(fan.serverUrl, fan.token, "/api/v1/statuses", {
      body: { status: `@${publisher.acct} really nice`, in_reply_to_id: id },
    });
    const metrics = await adapter.metrics?.({
      postId: req.post.id,
      channel: req.channel,
      credentials: req.credentials,
      platformPostId: id,
      publishedAt: new Date(),
      at: new Date(),
      signal: new AbortController().signal,
      refreshCredentials: async (fn) => fn(req.credentials),
    });
    expect(metrics).toMatchObject({ likes: 1, shares: 1, comments: 2, impressions: null });
  });
});
