import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { createChannel, createPost, schedulePost, waitForWorker } from "./api";
import {
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedChannel,
  seedUser,
  seedWorkspace,
} from "./factories";
import { axeViolations, refuseAutosave, signIn } from "./helpers";

// Issue 10 "customise for each network", in the built app with the real worker:
// - a channel's own text ("Customise") with its own counter beside the shared text's counters;
// - the Bluesky preview highlights the facets the adapter's own code finds (a seeded, connected channel: no network);
// - X, Threads, LinkedIn, Facebook and Instagram previews show what their adapters' format code will send;
// - SANDBOX and WEBHOOK scheduled with different texts: each is sent its own (the receiver below, and sentContent);
// - a channel that needs reconnecting is listed with its reason, and Schedule is refused before any request.

const run = Date.now().toString(36);
const SECRET = `e2e-webhook-secret-${run}`;
let ws: SeededWorkspace;
let user: SeededUser;
let receiver: Server;
let receiverUrl: string;
const received: { content: string; channelId: string }[] = [];

type ApiResult = { channelId: string; status: string; sentContent: string | null };
type ApiPost = {
  id: string;
  status: string;
  channels: { id: string; content: string | null }[];
  latestPublication: { results: ApiResult[] } | null;
};

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        post: { content: string };
        channel: { id: string };
      };
      received.push({ content: body.post.content, channelId: body.channel.id });
      if (req.url === "/gone") {
        // A 4xx other than 408/429: the webhook adapter's permanent refusal.
        res.writeHead(410, { "content-type": "text/plain" });
        res.end("endpoint retired");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `e2e-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  ws = await seedWorkspace(`e2e per-channel ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  await new Promise((resolve) => receiver?.close(resolve));
});

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

test("X gets a text of its own with its own counter; the Bluesky preview highlights the link, mention and hashtag", async ({
  page,
  request,
}) => {
  const x = await createChannel(request, ws.token, { platform: "TWITTER", displayName: `X main ${run}` });
  const sky = await seedChannel({
    workspaceId: ws.workspaceId,
    platform: "BLUESKY",
    displayName: `Sky ${run}`,
    accountName: "alice.test",
    serverUrl: "https://pds.example.test",
  });
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  const shared = `Launch day ${"!".repeat(250)} https://example.com/launch with @bob.test #release`;
  await dialog.getByLabel("Content").fill(shared);
  await dialog.locator(`[data-channel="${x.id}"] input`).check();
  await dialog.locator(`[data-channel="${sky.id}"] input`).check();
  // The shared text is too long for X (250 + the rest > 280)…
  await expect(dialog.locator(`[data-channel-count="${x.id}"]`)).toHaveText(/too many/);

  // …so X gets its own: its counter now counts that text, and the shared counters list only Bluesky.
  await dialog.getByRole("checkbox", { name: `Customise for X main ${run}` }).check();
  const own = dialog.getByLabel(`Text for X main ${run}`);
  await expect(own).toHaveValue(shared);
  await own.fill("Launch day: example.com #release");
  await expect(dialog.locator(`#composer-counters-${x.id} [data-channel-count="${x.id}"]`)).toHaveText(/^44 \/ 280/);
  const skyCount = dialog.locator(`#composer-counters [data-channel-count="${sky.id}"]`);
  await expect(skyCount).toHaveText(new RegExp(`^${[...shared].length} / 300`));
  await expect(dialog.locator(`#composer-counters [data-channel-count="${x.id}"]`)).toHaveCount(0);

  // The previews: X shows its own text; Bluesky the shared one with its facets marked, and the link card it sends.
  await expect(dialog.locator(`[data-preview="${x.id}"] .channel-preview-text`)).toHaveText(
    "Launch day: example.com #release",
  );
  const preview = dialog.locator(`[data-preview="${sky.id}"]`);
  await expect(preview.locator("[data-facet]")).toHaveText(["https://example.com/launch", "@bob.test", "#release"]);
  await expect(preview.locator("[data-facet]").first()).toHaveAttribute("data-facet", "link");
  await expect(preview.locator("[data-preview-card]")).toHaveAttribute(
    "data-preview-card",
    "https://example.com/launch",
  );

  // X publishes (issue 11): it is not listed among the channels that cannot publish.
  await expect(dialog.locator(`[data-cannot-publish="${x.id}"]`)).toHaveCount(0);

  // All of it (own text, previews) passes axe-core.
  expect(await axeViolations(page), "composer with a customised channel and previews").toEqual([]);

  // Saved as a draft (allowed): the answer keeps X's own text and the shared one for Bluesky.
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Save draft" }).click();
  const response = await saved;
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const post = await getPost(request, id);
  expect(Object.fromEntries(post.channels.map((c) => [c.id, c.content]))).toEqual({
    [x.id]: "Launch day: example.com #release",
    [sky.id]: null,
  });
});

test("X, Threads, LinkedIn, Facebook and Instagram previews show what each adapter will send", async ({
  page,
  request,
}) => {
  const make = (platform: string, displayName: string, config?: Record<string, unknown>) =>
    createChannel(request, ws.token, { platform, displayName, ...(config ? { config } : {}) });
  const x = await make("TWITTER", `X card ${run}`);
  const threads = await make("THREADS", `Threads card ${run}`);
  const linkedin = await make("LINKEDIN", `In card ${run}`, {
    authorUrn: "urn:li:organization:42",
    kind: "organization",
    name: `Acme ${run}`,
  });
  const facebook = await make("FACEBOOK", `Page card ${run}`);
  const instagram = await make("INSTAGRAM", `Gram card ${run}`);
  await signIn(page, user);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  // 490 + 15 characters + a link: past X's 280 weighted characters and Threads' 500 characters.
  await dialog.getByLabel("Content").fill(`${"a".repeat(490)} (see) #launch https://example.com/launch`);
  for (const c of [x, threads, linkedin, facebook, instagram]) {
    await dialog.locator(`[data-channel="${c.id}"] input`).check();
  }
  const card = (c: { id: string }) => dialog.locator(`[data-preview="${c.id}"]`);

  // X: twitter-text's weighted count (the link counts 23 as a t.co link), the part past 280 struck through.
  await expect(card(x).locator("[data-preview-count]")).toHaveText("528 / 280 weighted characters");
  await expect(card(x).locator('[data-preview-link="https://example.com/launch"]')).toContainText("counted as 23");
  await expect(card(x).locator("del[data-over]").first()).toBeVisible();
  await expect(card(x).locator("[data-preview-refused]")).toContainText("X refuses more than 280");

  // Threads: 531 of 500 characters, refused from the 501st; a text post whose link becomes its preview.
  await expect(card(threads).locator("[data-preview-count]")).toHaveText("531 / 500 characters · 1 / 5 links");
  await expect(card(threads).locator("[data-preview-refused]")).toContainText("Threads refuses more than 500");
  await expect(card(threads).locator("[data-preview-shape]")).toHaveText("Text post");

  // LinkedIn: as the page, the text as readers see it (no little-format escapes), #launch a hashtag, an article.
  await expect(card(linkedin).locator("[data-preview-author]")).toHaveText(`Posts as Acme ${run} (page)`);
  await expect(card(linkedin).locator(".channel-preview-text")).toContainText("(see) #launch https://example.com");
  await expect(card(linkedin).locator('[data-facet="tag"]')).toHaveText("#launch");
  await expect(card(linkedin).locator("[data-preview-shape]")).toHaveText("Article post");
  await expect(card(linkedin).locator("[data-preview-card]")).toHaveText("Link card: https://example.com/launch");

  // Facebook: no media, so the first link is its link preview.
  await expect(card(facebook).locator("[data-preview-card]")).toHaveText("Link preview: https://example.com/launch");

  // Instagram: said plainly that a post without media cannot go there.
  await expect(card(instagram).locator("[data-preview-refused]")).toHaveText(
    "Can't go to Instagram: Instagram needs an image or a video: this post has no library media",
  );
  await expect(card(instagram).locator("[data-preview-hashtags]")).toHaveText("1 / 5 hashtags");

  expect(await axeViolations(page), "composer with the five networks' previews").toEqual([]);
});

test("SANDBOX and WEBHOOK scheduled with different texts: each is sent its own", async ({ page, request }) => {
  const hook = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Site ${run}`,
    config: { url: receiverUrl },
    credentials: { secret: SECRET },
  });
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Content").fill(`For the sandbox ${run}`);
  await dialog.locator(`[data-channel="${ws.channelId}"] input`).check();
  await dialog.locator(`[data-channel="${hook.id}"] input`).check();
  await dialog.getByRole("checkbox", { name: `Customise for Site ${run}` }).check();
  await dialog.getByLabel(`Text for Site ${run}`).fill(`For the website ${run} ✨`);
  await expect(dialog.locator("#composer-schedule-blocked")).toHaveCount(0);
  await dialog.getByLabel("Date").fill(`${new Date().getUTCFullYear() + 1}-03-04`);
  await dialog.getByLabel("Time", { exact: true }).fill("10:00");
  const created = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  const response = await created;
  expect(response.status()).toBe(201);
  const { id, status } = (await response.json()) as { id: string; status: string };
  expect(status).toBe("SCHEDULED");
  await expect(dialog).toBeHidden();

  // Brought forward to now so the worker publishes it while the test waits.
  await waitForWorker(request, ws.token);
  await schedulePost(request, ws.token, id, new Date(Date.now() + 2_000));
  await expect
    .poll(async () => (await getPost(request, id)).status, { timeout: 30_000, intervals: [500] })
    .toBe("PUBLISHED");
  expect(received.filter((r) => r.channelId === hook.id)).toEqual([
    { channelId: hook.id, content: `For the website ${run} ✨` },
  ]);
  const results = (await getPost(request, id)).latestPublication?.results ?? [];
  expect(Object.fromEntries(results.map((r) => [r.channelId, r.sentContent]))).toEqual({
    [ws.channelId]: `For the sandbox ${run}`,
    [hook.id]: `For the website ${run} ✨`,
  });
});

test("a channel that needs reconnecting is listed with its reason, and Schedule is refused before the click", async ({
  page,
}) => {
  const stale = await seedChannel({
    workspaceId: ws.workspaceId,
    platform: "BLUESKY",
    displayName: `Stale sky ${run}`,
    accountName: "carol.test",
    needsReconnectReason: "the session was revoked",
  });
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Content").fill(`Not to a stale channel ${run}`);
  const reason = `Stale sky ${run} needs reconnecting: the session was revoked`;
  await expect(dialog.locator(`[data-cannot-publish="${stale.id}"]`)).toHaveText(reason);
  await dialog.locator(`[data-channel="${stale.id}"] input`).check();
  await dialog.getByLabel("Date").fill(`${new Date().getUTCFullYear() + 1}-03-04`);
  await dialog.getByLabel("Time", { exact: true }).fill("10:00");

  // Said before anyone clicks: the button is marked and described by the reason.
  const schedule = dialog.getByRole("button", { name: "Schedule", exact: true });
  await expect(dialog.locator("#composer-schedule-blocked")).toHaveText(`Can't schedule: ${reason}`);
  await expect(schedule).toHaveAttribute("aria-disabled", "true");
  await expect(schedule).toHaveAccessibleDescription(`Can't schedule: ${reason}`);

  // Clicked anyway: no request leaves; the channels say why.
  let posted = 0;
  page.on("request", (r) => {
    if (r.headers()["x-cadence-autosave"]) return; // refused above: not a Schedule
    if (r.url().includes("/api/posts") && r.method() === "POST") posted += 1;
    if (r.url().includes("/schedule") && r.method() === "POST") posted += 1;
  });
  // (aria-disabled: still focusable and announced with its reason; Playwright needs `force` to click it.)
  await schedule.click({ force: true });
  await expect(dialog.locator("#composer-channelIds-error")).toHaveText(reason);
  await expect(dialog.locator(`[data-channel="${stale.id}"] input`)).toHaveAttribute("aria-invalid", "true");
  expect(posted).toBe(0);
});

test("a post published on some channels only: the composer's badge says Partly published, as the calendar chip", async ({
  page,
  request,
}) => {
  const gone = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Gone ${run}`,
    config: { url: receiverUrl.replace(/\/hook$/, "/gone") },
    credentials: { secret: SECRET },
  });
  const draft = await createPost(request, ws.token, {
    content: `Half out ${run}`,
    channelIds: [ws.channelId, gone.id],
  });
  await waitForWorker(request, ws.token);
  await schedulePost(request, ws.token, draft.id, new Date(Date.now() + 2_000));
  await expect
    .poll(async () => (await getPost(request, draft.id)).status, { timeout: 30_000, intervals: [500] })
    .toBe("PUBLISHED");

  await signIn(page, user);
  await page.goto(`/?post=${draft.id}`);
  const badge = page.getByRole("dialog").locator(".composer-head [data-status]");
  await expect(badge).toHaveAttribute("data-status", "PUBLISHED");
  await expect(badge).toHaveAttribute("data-chip", "partly");
  await expect(badge).toHaveText("⚠ Partly published");
});
