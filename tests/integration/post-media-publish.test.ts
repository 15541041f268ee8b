import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as mediaItemRoute from "@/app/api/media/[id]/route";
import * as postHistoryRoute from "@/app/api/posts/[id]/publications/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as signedFileRoute from "@/app/media/[id]/[variant]/route";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { sandboxAdapter } from "@/lib/publishing/networks/sandbox/adapter";
import type { PlatformAdapter, PublishablePost } from "@/lib/publishing/networks/types";
import { createWebhookAdapter } from "@/lib/publishing/networks/webhook/adapter";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { detachedStore } from "@/tests/helpers/publish-request";
import { publishThroughCore } from "@/tests/helpers/publish-through-core";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeMp4, makePng, uploadMedia } from "@/tests/helpers/upload-media";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// Signed URLs need PUBLIC_URL (local storage); set before anything reads the settings (getEnv caches them).
process.env.PUBLIC_URL = "https://cadence.example.com/";

const { db, createWorkspace } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  sql: true,
  mediaFiles: true,
});
const SECRET = "webhook-secret-0123456789";
const adapter = createWebhookAdapter({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });
let receiver: WebhookReceiver;
let workspaceId: string;
let token: string;

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});
afterEach(() => receiver.close());

/** GETs a signed public URL through the real /media/:id/:variant handler, without a session. */
async function fetchSigned(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const u = new URL(url);
  const [, , id = "", variant = ""] = u.pathname.split("/");
  const res = await signedFileRoute.GET(new NextRequest(`http://127.0.0.1${u.pathname}${u.search}`), {
    params: Promise.resolve({ id, variant }),
  });
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function publishThroughClaim(body: Record<string, unknown>, via: PlatformAdapter = adapter) {
  return publishThroughCore({ token, workspaceId, body, adapter: via });
}

describe("webhook and sandbox deliveries carry the post's library media", () => {
  it("the webhook body lists each item in order with a signed URL that serves its bytes", async () => {
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      config: { url: receiver.url },
      credentials: { secret: SECRET },
    });
    const photo = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "photo.png");
    const clip = await uploadMedia(token, makeMp4(1), "clip.mp4");
    const { claimed, result } = await publishThroughClaim({
      content: "With media",
      channelIds: [channel.id],
      media: [{ id: clip.id }, { id: photo.id, altText: "A red band" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(receiver.deliveries).toHaveLength(1);
    const delivery = receiver.deliveries[0];
    if (!delivery) throw new Error("no delivery");
    expect(delivery.signatureValid).toBe(true);
    const media = (delivery.body as { post: { media: Record<string, unknown>[] } }).post.media;
    expect(media).toEqual([
      {
        url: expect.any(String),
        type: "video/mp4",
        width: 320,
        height: 240,
        durationMs: clip.durationMs,
        altText: null,
      },
      { url: expect.any(String), type: "image/png", width: 90, height: 30, durationMs: null, altText: "A red band" },
    ]);
    for (const [i, item] of [clip, photo].entries()) {
      const url = media[i]?.url as string;
      expect(url.startsWith(`https://cadence.example.com/media/${item.id}/original?exp=`)).toBe(true);
      // Valid for 7 days from the claim.
      const exp = Number(new URL(url).searchParams.get("exp"));
      expect(exp - Date.now() / 1000).toBeGreaterThan(7 * 24 * 3600 - 120);
      expect(exp - Date.now() / 1000).toBeLessThanOrEqual(7 * 24 * 3600);
      const fetched = await fetchSigned(url);
      expect(fetched.status).toBe(200);
      expect(fetched.type).toBe(item.mimeType);
      expect(createHash("sha256").update(fetched.bytes).digest("hex")).toBe(item.sha256);
      // Altered: refused.
      expect(
        (await fetchSigned(url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === "0" ? "1" : "0"}`))).status,
      ).toBe(403);
    }

    // The sandbox records the same payload (its log and its format are formatPostPayload).
    const sandboxBody = sandboxAdapter.format(claimed.post, {
      id: "sb",
      displayName: "Box",
      platform: "SANDBOX",
      config: {},
    }) as { post: { media: unknown[] } };
    expect(sandboxBody.post.media).toEqual(media);
  });

  it("an item without a public URL fails the webhook channel permanently, naming it; nothing is sent", async () => {
    const post: PublishablePost = {
      id: "p1",
      workspaceId,
      content: "x",
      mediaUrls: [],
      tags: [],
      scheduledAt: null,
      media: [
        {
          id: "m1",
          name: "m1.png",
          kind: "IMAGE",
          mimeType: "image/png",
          bytes: 67,
          sha256: "0".repeat(64),
          width: 1,
          height: 1,
          durationMs: null,
          altText: null,
          url: null,
          urlProblem: "PUBLIC_URL is not set",
        },
      ],
    };
    const failure = await adapter
      .publish({
        post,
        channel: { id: "c1", displayName: "Hook", platform: "WEBHOOK", config: { url: receiver.url } },
        credentials: { secret: SECRET },
        idempotencyKey: "k",
        signal: new AbortController().signal,
        ...detachedStore(),
      })
      .then(
        () => null,
        (err: Error & { kind?: string }) => ({ kind: err.kind, message: err.message }),
      );
    expect(failure).toEqual({
      kind: "permanent",
      message: "media m1 has no public URL to send: PUBLIC_URL is not set",
    });
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe("the publication history keeps the library media that went out", () => {
  it("shows the two items and their alt text after the post's media is edited and one item deleted", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const first = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "first.png");
    const second = await uploadMedia(token, await makePng(40, 40, "#0022aa"), "second.png");
    const { result, postId } = await publishThroughClaim(
      {
        content: "Two photos",
        channelIds: [channel.id],
        media: [
          { id: first.id, altText: "A red band" },
          { id: second.id, altText: "A blue square" },
        ],
        scheduledAt: "2099-01-01T10:00:00Z",
      },
      sandboxAdapter,
    );
    expect(result.status).toBe("SUCCEEDED");
    const sent = [
      {
        id: first.id,
        name: "first.png",
        mimeType: "image/png",
        bytes: first.bytes,
        width: 90,
        height: 30,
        sha256: first.sha256,
        altText: "A red band",
      },
      {
        id: second.id,
        name: "second.png",
        mimeType: "image/png",
        bytes: second.bytes,
        width: 40,
        height: 40,
        sha256: second.sha256,
        altText: "A blue square",
      },
    ];
    expect(result.sentMedia).toEqual(sent);

    // Afterwards: the post keeps only the second item, with new alt text, and the first item is deleted.
    const edited = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${postId}`,
      token,
      params: { id: postId },
      body: { media: [{ id: second.id, altText: "Changed later" }] },
    });
    expect(edited.status, edited.text).toBe(200);
    const deleted = await callRoute(mediaItemRoute.DELETE, {
      method: "DELETE",
      path: `/api/media/${first.id}`,
      token,
      params: { id: first.id },
    });
    expect(deleted.status, deleted.text).toBe(204);
    expect(await db.mediaItem.count({ where: { id: first.id } })).toBe(0);

    const history = await callRoute(postHistoryRoute.GET, {
      path: `/api/posts/${postId}/publications`,
      token,
      params: { id: postId },
    });
    expect(history.status).toBe(200);
    const results = (history.json as { publications: { results: { sentMedia: unknown }[] }[] }).publications.flatMap(
      (p) => p.results,
    );
    expect(results.map((r) => r.sentMedia)).toEqual([sent]);
    // The post itself now says otherwise.
    const now = await callRoute(postRoute.GET, { path: `/api/posts/${postId}`, token, params: { id: postId } });
    expect((now.json as { media: { id: string; altText: string }[] }).media).toMatchObject([
      { id: second.id, altText: "Changed later" },
    ]);
  });
});
