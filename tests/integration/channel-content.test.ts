import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// Issue 10 "customise for each network": a post's own text per channel (PostChannel.content), through the API's
// handlers, a real worker, PostgreSQL, Redis and a real webhook receiver.
process.env.PUBLISH_BACKOFF_MS = "200";
const SECRET = "test-webhook-secret-0123";
const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, obliterateQueue: true });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const create = (body: unknown) => callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body });
const patch = (id: string, body: unknown) =>
  callRoute(postRoute.PATCH, { method: "PATCH", path: "/api/posts/id", token, params: { id }, body });
const get = (id: string) => callRoute(postRoute.GET, { path: "/api/posts/id", token, params: { id } });
const schedule = (id: string, inMs: number) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id },
    body: { scheduledAt: new Date(Date.now() + inMs).toISOString() },
  });
const channel = (platform: "MASTODON" | "TWITTER" | "SANDBOX", displayName: string) =>
  createTestChannel(db, {
    workspaceId,
    platform,
    displayName,
    config: platform === "MASTODON" ? { serverUrl: "https://mastodon.test", accountId: "1" } : {},
  });
// biome-ignore lint/suspicious/noExplicitAny: the answer's JSON
const fitOf = (answer: any, channelId: string) =>
  answer.fit.find((f: { channelId: string }) => f.channelId === channelId);
// biome-ignore lint/suspicious/noExplicitAny: the answer's JSON
const textOf = (answer: any, channelId: string) =>
  answer.channels.find((c: { id: string }) => c.id === channelId).content;

/** 400 characters: within Mastodon's 500, over X's 280. */
const LONG = `${"Long form for the fediverse. ".repeat(13)}${"x".repeat(23)}`;

describe("a post's own text per channel is checked against that channel", () => {
  it("a 280+ text on Mastodon and a short text of its own on X: fits both, and the answer says which text is whose", async () => {
    expect([...LONG].length).toBe(400);
    const mastodon = await channel("MASTODON", "Fedi");
    const x = await channel("TWITTER", "X main");
    const shared = await create({ content: LONG, channelIds: [mastodon.id, x.id] });
    expect(shared.status).toBe(201);
    // Control: without a text of its own, X refuses the 400 characters.
    expect(fitOf(shared.json, x.id)).toMatchObject({ ok: false, problems: [{ rule: "text.length" }] });
    expect(fitOf(shared.json, mastodon.id).ok).toBe(true);

    const res = await create({
      content: LONG,
      channelIds: [mastodon.id, x.id],
      channelContent: { [x.id]: "Short 🧵" },
    });
    expect(res.status).toBe(201);
    expect(fitOf(res.json, x.id)).toMatchObject({ ok: true, problems: [] });
    expect(fitOf(res.json, mastodon.id).ok).toBe(true);
    expect(textOf(res.json, x.id)).toBe("Short 🧵");
    expect(textOf(res.json, mastodon.id)).toBeNull();
    expect((await get(res.json.id)).json.channels).toEqual(res.json.channels);

    // Mastodon with a text of its own over 500 no longer fits; X's stays as it was.
    const longer = await patch(res.json.id, { channelContent: { [mastodon.id]: "m".repeat(501) } });
    expect(longer.status).toBe(200);
    expect(fitOf(longer.json, mastodon.id)).toMatchObject({ ok: false, problems: [{ rule: "text.length" }] });
    expect(textOf(longer.json, x.id)).toBe("Short 🧵");

    // null goes back to the post's text: X does not fit again.
    const cleared = await patch(res.json.id, { channelContent: { [x.id]: null, [mastodon.id]: null } });
    expect(cleared.status).toBe(200);
    expect(textOf(cleared.json, x.id)).toBeNull();
    expect(fitOf(cleared.json, x.id).ok).toBe(false);
    expect(fitOf(cleared.json, mastodon.id).ok).toBe(true);
  });

  it("only the post's channels can be named: 400 on create, 422 on edit, nothing written", async () => {
    const a = await channel("SANDBOX", "A");
    const b = await channel("SANDBOX", "B");
    const before = await db.post.count({ where: { workspaceId } });
    const res = await create({ content: "hi", channelIds: [a.id], channelContent: { [b.id]: "not mine" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ path: `channelContent.${b.id}` })]);
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);

    const made = await create({ content: "hi", channelIds: [a.id], channelContent: { [a.id]: "A's own" } });
    const edit = await patch(made.json.id, { content: "changed", channelContent: { [b.id]: "B's own" } });
    expect(edit.status).toBe(422);
    expect(edit.json.error.details).toEqual([expect.objectContaining({ path: `channelContent.${b.id}` })]);
    const unchanged = (await get(made.json.id)).json;
    expect(unchanged.content).toBe("hi");
    expect(textOf(unchanged, a.id)).toBe("A's own");

    // Adding a channel and giving it a text in the same edit is fine; a channel that stays keeps its text.
    const added = await patch(made.json.id, { channelIds: [a.id, b.id], channelContent: { [b.id]: "B's own" } });
    expect(added.status).toBe(200);
    expect(textOf(added.json, a.id)).toBe("A's own");
    expect(textOf(added.json, b.id)).toBe("B's own");
    // A channel removed loses its text: added back, it gets the post's.
    await patch(made.json.id, { channelIds: [b.id] });
    const back = await patch(made.json.id, { channelIds: [a.id, b.id] });
    expect(textOf(back.json, a.id)).toBeNull();
    expect(textOf(back.json, b.id)).toBe("B's own");
  });

  it("a text of its own that does not fit its channel is a 422 naming channelContent.<id> when scheduled", async () => {
    const a = await channel("SANDBOX", "A");
    const b = await channel("SANDBOX", "B");
    const made = await create({
      content: "fits everywhere",
      channelIds: [a.id, b.id],
      channelContent: { [b.id]: "b".repeat(10_001) },
    });
    const res = await schedule(made.json.id, 60_000);
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([
      expect.objectContaining({ path: `channelContent.${b.id}`, channelId: b.id, rule: "text.length" }),
    ]);
    expect((await get(made.json.id)).json.status).toBe("DRAFT");

    // Created and scheduled in one request: refused the same way, and no post is left behind.
    const before = await db.post.count({ where: { workspaceId } });
    const once = await create({
      content: "fits",
      channelIds: [a.id],
      channelContent: { [a.id]: "a".repeat(10_001) },
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(once.status).toBe(422);
    expect(once.json.error.details[0].path).toBe(`channelContent.${a.id}`);
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);
  });
});

describe("each channel is sent its own text", () => {
  let receiver: WebhookReceiver;
  let pw: PublishWorker;
  beforeEach(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    pw = await startPublishWorker({ queueName: process.env.PUBLISH_QUEUE_NAME ?? "" });
  });
  afterEach(async () => {
    await receiver.close();
    await pw.close();
  });
  const waitForStatus = (postId: string, status: PostStatus) =>
    waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: postId } })).status === status, {
      what: `post ${postId} to be ${status}`,
    });

  it("SANDBOX gets the post's text, WEBHOOK its own; sentContent records each, and a second run sends the same", async () => {
    const sandbox = await channel("SANDBOX", "Sandbox");
    const webhook = await createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      displayName: "Our site",
      config: { url: receiver.url },
      credentials: { secret: SECRET },
    });
    const made = await create({
      content: "The shared text",
      channelIds: [sandbox.id, webhook.id],
      channelContent: { [webhook.id]: "Only for the website ✨" },
      scheduledAt: new Date(Date.now() + 1_000).toISOString(),
    });
    expect(made.status).toBe(201);
    await waitForStatus(made.json.id, "PUBLISHED");

    const sentBy = async (publicationId: string) =>
      Object.fromEntries(
        (await db.publicationResult.findMany({ where: { publicationId } })).map((r) => [r.channelId, r.sentContent]),
      );
    const first = (await get(made.json.id)).json.latestPublication;
    expect(await sentBy(first.id)).toEqual({
      [sandbox.id]: "The shared text",
      [webhook.id]: "Only for the website ✨",
    });
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]?.body).toMatchObject({ post: { content: "Only for the website ✨" } });

    // Scheduled again (as the evergreen rotation does): the channel's text is still its own.
    await patch(made.json.id, { channelContent: { [sandbox.id]: "Sandbox, second time" } });
    expect((await schedule(made.json.id, 1_000)).status).toBe(200);
    await waitFor(async () => (await get(made.json.id)).json.latestPublication?.id !== first.id, {
      what: "a second publication",
    });
    await waitForStatus(made.json.id, "PUBLISHED");
    const second = (await get(made.json.id)).json.latestPublication;
    expect(await sentBy(second.id)).toEqual({
      [sandbox.id]: "Sandbox, second time",
      [webhook.id]: "Only for the website ✨",
    });
    expect(receiver.deliveries.map((d) => (d.body as { post: { content: string } }).post.content)).toEqual([
      "Only for the website ✨",
      "Only for the website ✨",
    ]);
  });
});
