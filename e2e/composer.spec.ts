import { type APIRequestContext, expect, type Locator, test } from "@playwright/test";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/helpers/webhook-receiver";
import { createChannel, createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { postEvent, refuseAutosave, signIn } from "./helpers";

// The composer in the built app, with the real worker:
// - a refused save or schedule (checked in the browser, or a 400/422 naming fields) moves focus to the first
//   field in error in the form's order, and that field carries aria-invalid and its message as its description;
// - a post whose publication failed on a WEBHOOK channel (a receiver in this process that answers 410, which the
//   worker takes as permanent: one attempt, no backoff) shows the channel's error and, instead of a Retry, says to
//   edit the post; once the post is edited, "Retry" republishes that channel (the receiver now accepts) at once,
//   with a new idempotency key, so the error goes away.

const run = Date.now().toString(36);
const SECRET = `e2e-webhook-secret-${run}`;
let ws: SeededWorkspace;
let user: SeededUser;

type ApiResult = { channelId: string; status: string; errorMessage: string | null };
type ApiPost = {
  id: string;
  status: string;
  version: number;
  scheduledAt: string | null;
  publishCount: number;
  latestPublication: { postVersion: number; status: string; results: ApiResult[] } | null;
};

/** A real receiver in this process (tests/helpers/webhook-receiver.ts): verifies signatures, records deliveries. */
let receiver: WebhookReceiver;
/** Each delivery as this test reads it: its key, whether the signature verified, which post. */
const received = () =>
  receiver.deliveries.map((d) => ({
    idempotencyKey: d.idempotencyKey,
    signed: d.signatureValid,
    postId: (d.body as { post: { id: string } }).post.id,
  }));

test.beforeAll(async ({ request }) => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  ws = await seedWorkspace(`e2e composer ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  await receiver?.close();
});

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

/** The field is marked invalid and a screen reader reads `message` as its description (aria-describedby). */
async function expectInvalid(field: Locator, message: RegExp) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(message);
}

test("a refused save or schedule moves focus to the first field in error, which describes its message", async ({
  page,
  request,
}) => {
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  // Unnamed: the title turns from "New post" to "Edit post" once a save created the post.
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "New post" })).toBeVisible();
  await dialog.getByLabel("Content").fill(`Focus on errors ${run}`);
  const schedule = dialog.getByRole("button", { name: "Schedule", exact: true });

  // Refused in the browser: no date or time yet.
  await schedule.click();
  const date = dialog.getByLabel("Date");
  await expect(date).toBeFocused();
  await expectInvalid(date, /Pick a date and a time/);
  await expectInvalid(dialog.getByLabel("Time", { exact: true }), /Pick a date and a time/);

  // A 400 naming two fields: the API lists mediaUrls before tags, the form shows Tags first, so focus goes to Tags.
  const tags = dialog.getByLabel("Tags");
  const media = dialog.getByLabel(/Media URLs/);
  await tags.fill("launch, bad!tag");
  await dialog.getByText("Advanced: media by URL").click();
  await media.fill("ftp://example.com/image.png");
  const refused = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Save draft" }).click();
  const response = await refused;
  expect(response.status()).toBe(400);
  const { error } = (await response.json()) as { error: { details: { path: string }[] } };
  expect(error.details.map((d) => d.path.split(".")[0])).toEqual(["mediaUrls", "tags"]);
  await expect(tags).toBeFocused();
  await expectInvalid(tags, /letters, digits, - and _ only/);
  await expectInvalid(media, /URL 1: must be an http\(s\) URL/);
  // The earlier (browser-side) error is gone, and the summary is announced.
  await expect(date).toHaveAttribute("aria-invalid", "false");
  await expect(dialog.getByRole("alert").filter({ hasText: /^Invalid body: mediaUrls\.0, tags\.1$/ })).toBeVisible();

  // A 422 on a new post's first Schedule (no channel picked) → the first channel's checkbox. The post is created
  // and scheduled in one request, so the refusal leaves no draft behind: the dialog still says "New post".
  await tags.fill("launch");
  await media.fill("");
  await date.fill(`${new Date().getUTCFullYear() + 1}-03-04`);
  await dialog.getByLabel("Time", { exact: true }).fill("10:00");
  const unprocessable = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await schedule.click();
  expect((await unprocessable).status()).toBe(422);
  const channel = dialog.getByRole("checkbox", { name: /E2E sandbox/ });
  await expect(channel).toBeFocused();
  await expectInvalid(channel, /add at least one active channel/);
  await expect(tags).toHaveAttribute("aria-invalid", "false");
  await expect(dialog.getByRole("heading", { name: "New post" })).toBeVisible();
  const drafts = await request.get("/api/posts", { headers: { authorization: `Bearer ${ws.token}` } });
  const contents = ((await drafts.json()) as { posts: { content: string }[] }).posts.map((p) => p.content);
  expect(contents).not.toContain(`Focus on errors ${run}`);
});

test("a draft too long for X saves; the counter and the drafts list say it does not fit X yet", async ({
  page,
  request,
}) => {
  const bird = await createChannel(request, ws.token, { platform: "TWITTER", displayName: `Bird ${run}` });
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  const content = `${"a".repeat(260 - run.length)}${run} example.com`;
  await dialog.getByLabel("Content").fill(content);
  await dialog.getByRole("checkbox", { name: new RegExp(`Bird ${run}`) }).check();
  // twitter-text's count, live: a link without a scheme still weighs 23.
  await expect(dialog.locator(`[data-channel-count="${bird.id}"]`)).toHaveText(/284 \/ 280.*4 too many/);
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Save draft" }).click();
  const response = await saved;
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const item = page.locator(`.cal-drafts .cal-draft[data-post-id="${id}"]`);
  await expect(item).toContainText(`Does not fit Bird ${run} yet`);
  // Scheduling it is refused, naming the channel and the rule.
  const refused = await request.post(`/api/scheduling/posts/${id}/schedule`, {
    headers: { authorization: `Bearer ${ws.token}` },
    data: { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(refused.status()).toBe(422);
  const { error } = (await refused.json()) as { error: { details: { channelId: string; rule: string }[] } };
  expect(error.details).toEqual([expect.objectContaining({ channelId: bird.id, rule: "text.length" })]);

  // Deleting it from the composer asks once more, then the draft is gone from the list and the API.
  await item.click();
  const editor = page.getByRole("dialog");
  await editor.getByRole("button", { name: "Delete", exact: true }).click();
  await editor.getByRole("button", { name: "Confirm delete" }).click();
  await expect(editor).toBeHidden();
  await expect(item).toHaveCount(0);
  // The deletion is sent once its Undo toast closes (a few seconds).
  await expect
    .poll(
      async () =>
        (await request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } })).status(),
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(404);
});

test("a webhook's permanent refusal shows the channel's error and says to edit the post; once edited, Retry republishes it", async ({
  page,
  request,
}) => {
  receiver.deliveries.length = 0;
  // 4xx other than 408/429: the adapter's permanent failure, settled as FAILED on the first attempt.
  receiver.plan({ kind: "status", status: 410, body: "endpoint retired" });
  const channel = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Retired hook ${run}`,
    config: { url: receiver.url },
    credentials: { secret: SECRET },
  });
  const draft = await createPost(request, ws.token, { content: `Webhook retry ${run}`, channelIds: [channel.id] });
  await schedulePost(request, ws.token, draft.id, new Date(Date.now() + 3_000));

  // The worker sends it once, the receiver refuses for good: post FAILED, the channel's result says why.
  await expect
    .poll(async () => (await getPost(request, draft.id)).status, { timeout: 30_000, intervals: [500] })
    .toBe("FAILED");
  const failed = await getPost(request, draft.id);
  expect(failed.latestPublication).toMatchObject({
    status: "FAILED",
    results: [{ channelId: channel.id, status: "FAILED", errorMessage: "webhook answered 410: endpoint retired" }],
  });
  expect(received()).toEqual([{ idempotencyKey: expect.any(String), signed: true, postId: draft.id }]);

  await signIn(page, user);
  const event = await postEvent(page, draft.id);
  await expect(event).toHaveAttribute("data-status", "FAILED");
  await event.click();
  const dialog = page.getByRole("dialog", { name: "Edit post" });
  await expect(dialog.locator(".composer-head [data-status]")).toHaveAttribute("data-status", "FAILED");
  // The results section: titled "Last publication", or "Previous attempt" once the post is scheduled again.
  const results = dialog.getByRole("region", { name: /Last publication|Previous attempt/ });
  await expect(results.getByRole("heading", { name: "Last publication" })).toBeVisible();
  const row = results.getByRole("listitem").filter({ hasText: `Retired hook ${run}` });
  await expect(row).toContainText("Failed");
  await expect(row).toContainText("webhook answered 410: endpoint retired");

  // A permanent refusal: retrying the same post cannot help, so no Retry; the row says to edit the post.
  await expect(row).toContainText("The network refused this post");
  await expect(dialog.getByRole("button", { name: /^Retry/ })).toHaveCount(0);

  // Edited (here through the API), the refusal may not hold: Retry appears and republishes this channel now.
  const edited = await request.patch(`/api/posts/${draft.id}`, {
    headers: { authorization: `Bearer ${ws.token}` },
    data: { content: `Webhook retry ${run}, edited` },
  });
  expect(edited.status(), await edited.text()).toBe(200);
  const retryButton = row.getByRole("button", { name: `Retry Retired hook ${run}` });
  await expect(retryButton).toBeVisible({ timeout: 15_000 });
  await retryButton.click();
  await expect(dialog.locator(".composer-head [data-status]")).toHaveAttribute("data-status", "PUBLISHED", {
    timeout: 30_000,
  });
  await expect(row).toContainText("Published");
  await expect(row).not.toContainText("webhook answered");
  await expect(results.getByRole("heading", { name: "Last publication" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
  await expect(event).toHaveAttribute("data-status", "PUBLISHED");

  const published = await getPost(request, draft.id);
  expect(published).toMatchObject({
    status: "PUBLISHED",
    version: failed.version,
    publishCount: 1,
    latestPublication: {
      postVersion: failed.version,
      status: "SUCCEEDED",
      results: [{ channelId: channel.id, status: "SUCCEEDED", errorMessage: null }],
    },
  });
  // Sent once more, signed, with the edited text and a new idempotency key: nothing was created by the refusal,
  // and a receiver that remembers its answer per key must not replay it.
  expect(received()).toHaveLength(2);
  expect(received()[1]).toMatchObject({ signed: true, postId: draft.id });
  expect(received()[1]?.idempotencyKey).not.toBe(received()[0]?.idempotencyKey);
});
