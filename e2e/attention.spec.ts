import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { createChannel, createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { postEvent, signIn } from "./helpers";

// Publishing visible as it is (issue 10), in the built app with the real worker: a post on a SANDBOX channel (goes
// out) and a WEBHOOK channel pointing at a dead 127.0.0.1 port (connection refused: transient, retried
// PUBLISH_MAX_ATTEMPTS = 3 times 200 ms apart in the e2e profile, then FAILED) → the calendar chip says "Partly
// published" and marks the webhook's badge, "Needs attention" lists the post, and after the webhook's URL is fixed,
// "Retry" in the opened post republishes only the webhook channel (the sandbox result is never sent again).

const run = Date.now().toString(36);
const SECRET = `e2e-attention-secret-${run}`;
let ws: SeededWorkspace;
let user: SeededUser;
let receiver: Server;
let receiverUrl: string;
let deadUrl: string;
const received: { idempotencyKey: string; postId: string }[] = [];

type Result = { id: string; channelId: string; status: string; attempts: number; publishedAt: string | null };
type ApiPost = {
  id: string;
  status: string;
  latestPublication: { id: string; status: string; results: Result[] } | null;
  outcome: { state: string; failing: { id: string; displayName: string; next: string }[] } | null;
};
const auth = () => ({ authorization: `Bearer ${ws.token}` });

test.beforeAll(async ({ request }) => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { post: { id: string } };
      received.push({ idempotencyKey: String(req.headers["idempotency-key"]), postId: body.post.id });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `e2e-${received.length}`, url: `http://127.0.0.1/partner/${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // A port that was just free and is closed again: nothing listens there, so a request is refused at once.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/hook`;
  await new Promise((resolve) => probe.close(resolve));

  ws = await seedWorkspace(`e2e attention ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  await new Promise((resolve) => receiver?.close(resolve));
});

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: auth() });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

test("a post that went out on one channel and failed on another is visible as such, and Retry sends only the failed one", async ({
  page,
  request,
}) => {
  const hook = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Partner hook ${run}`,
    config: { url: deadUrl },
    credentials: { secret: SECRET },
  });
  const draft = await createPost(request, ws.token, {
    content: `Visible as it is ${run}`,
    channelIds: [ws.channelId, hook.id],
  });
  await schedulePost(request, ws.token, draft.id, new Date(Date.now() + 2_000));

  // The sandbox channel publishes; the webhook is refused three times and fails: partly published.
  await expect
    .poll(async () => (await getPost(request, draft.id)).outcome?.state, { timeout: 30_000, intervals: [500] })
    .toBe("partly_published");
  const partly = await getPost(request, draft.id);
  expect(partly.status).toBe("PUBLISHED");
  expect(partly.outcome?.failing).toEqual([
    expect.objectContaining({ id: hook.id, displayName: `Partner hook ${run}`, next: "retry" }),
  ]);
  const sandboxBefore = partly.latestPublication?.results.find((r) => r.channelId === ws.channelId);
  expect(sandboxBefore).toMatchObject({ status: "SUCCEEDED", attempts: 1 });

  // The chip: its own state in words, with the webhook's badge marked as failed (a mark and a word, not colour).
  await signIn(page, user);
  const event = await postEvent(page, draft.id);
  await expect(event).toHaveAttribute("data-outcome", "partly_published");
  await expect(event.locator(".cal-status")).toHaveText("⚠ Partly published");
  const marked = event.locator(`[data-channel-id="${hook.id}"][data-result="FAILED"]`);
  await expect(marked).toContainText("✕");
  await expect(marked).toContainText("failed");
  await expect(event.locator(`[data-channel-id="${ws.channelId}"]`)).toHaveCount(0);

  // Needs attention: the badge counts it, the list names the webhook channel and links to the post.
  const trigger = page.getByRole("button", { name: /^Needs attention/ });
  await expect(trigger).toHaveAttribute("data-count", "1");
  await trigger.click();
  const panel = page.getByRole("region", { name: "Needs attention" });
  const item = panel.locator(`[data-post-id="${draft.id}"]`);
  await expect(item).toContainText("Partly published");
  await expect(item).toContainText(`Partner hook ${run}: failed`);
  await item.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`\\?post=${draft.id}$`));

  // The opened post: per channel its status, the webhook's error and a Retry; the sandbox one has no Retry.
  const dialog = page.getByRole("dialog", { name: "Edit post" });
  const results = dialog.getByRole("region", { name: "Last publication" });
  await expect(results.getByTestId("publication-outcome")).toContainText("Partly published");
  const hookRow = results.locator(`[data-channel-id="${hook.id}"]`);
  await expect(hookRow).toContainText("Failed");
  await expect(hookRow).toContainText("webhook unreachable: ECONNREFUSED");
  const sandboxRow = results.locator(`[data-channel-id="${ws.channelId}"]`);
  await expect(sandboxRow).toContainText("Published");
  await expect(sandboxRow.getByRole("button")).toHaveCount(0);

  // Fix the webhook's URL (its settings, through the API here), then Retry in the opened post.
  const fixed = await request.patch(`/api/channels/${hook.id}`, {
    headers: auth(),
    data: { config: { url: receiverUrl } },
  });
  expect(fixed.status(), await fixed.text()).toBe(200);
  await hookRow.getByRole("button", { name: `Retry Partner hook ${run}` }).click();
  await expect(hookRow).toContainText("Published", { timeout: 20_000 });
  await expect(hookRow.getByRole("link", { name: `View on Partner hook ${run}` })).toHaveAttribute(
    "href",
    "http://127.0.0.1/partner/1",
  );
  await expect(hookRow.getByRole("link")).toHaveAttribute("rel", /noopener/);
  await expect(results.getByTestId("publication-outcome")).toContainText("Published on every channel");

  // Only the webhook was sent again, once; the sandbox result is the one from the first run, untouched.
  expect(received).toEqual([{ idempotencyKey: expect.any(String), postId: draft.id }]);
  const done = await getPost(request, draft.id);
  expect(done.outcome?.state).toBe("published");
  expect(done.latestPublication?.id).toBe(partly.latestPublication?.id);
  expect(done.latestPublication?.status).toBe("SUCCEEDED");
  expect(done.latestPublication?.results.find((r) => r.channelId === ws.channelId)).toEqual(sandboxBefore);

  // Nothing needs attention any more (the dialog closed first: while it is open the page behind it is hidden).
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toHaveAttribute("data-count", "0", { timeout: 15_000 });
  await expect(event).toHaveAttribute("data-outcome", "published");
  await expect(event.locator(".cal-status")).toHaveText("Published");
});
