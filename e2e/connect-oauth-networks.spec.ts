import { type APIRequestContext, expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { PLATFORM_STUBS } from "../tests/stubs/platform-stubs";
import { createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { refuseAutosave, signIn } from "./helpers";

// Issue 11 "Done when", as a person does it, against the platform stubs (tests/stubs/*, run by tests/stubs/serve.ts
// in another process; their /__stub/requests lists what each received):
// - Settings → Channels: "Connect X", "Connect LinkedIn", "Connect Threads", "Connect Facebook and Instagram", each
//   through the stub's consent page ("Authorize app") and back; LinkedIn's and Meta's logins bring several accounts,
//   picked in the account picker (Meta's Page the person cannot post to is shown with its reason, not pickable).
// - One post from the composer with a JPEG (alt text), a shared text and its own text on X, LinkedIn and Threads,
//   scheduled a minute ahead on every new channel: the real worker publishes it; each platform got exactly one post
//   (per channel) with the right text and the image, and the composer's results say Published with a "View" link to
//   that platform's post.
// - The Meta stub refuses the next Facebook feed post (Graph error #368): that channel shows Meta's own words, the
//   others publish.
// The tests run in order and build on each other (the channels the first connects are what the others post to).
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const port = Number(process.env.E2E_PORT ?? 3100);
/** Where a stub listens (playwright.config.ts: the stubs' base port is E2E_PORT + 50, entry i on base + 1 + i). */
const stubUrl = (name: string) => {
  const i = PLATFORM_STUBS.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`no platform stub named ${name}`);
  return `http://127.0.0.1:${port + 50 + 1 + i}`;
};
const STUBS = ["x", "linkedin", "threads", "meta"] as const;

// The stubs' accounts (tests/stubs/x.ts, linkedin.ts, threads.ts, meta.ts: their defaults).
const X_USER = { name: "Cadence Stub", username: "cadence_stub" };
const LI_MEMBER = { name: "Ada Lovelace", urn: "urn:li:person:782bbtaQ" };
const LI_ORG = { name: "Devtestco", urn: "urn:li:organization:2414183" };
const LI_OTHER_ORG = "urn:li:organization:5515715";
const THREADS_USER = { id: "17841400000000001", name: "Stub Threads", username: "stub.threads" };
const FB_PAGE = { id: "1000000001", name: "Cadence Bakery" };
const FB_OTHER_PAGE = "1000000002";
const FB_REFUSED_PAGE = { id: "1000000003", name: "Neighbourhood News" };
const IG_USER = { id: "17841400000000001", username: "cadence.bakery", name: "Cadence Bakery" };

let ws: SeededWorkspace;
let user: SeededUser;
const auth = () => ({ authorization: `Bearer ${ws.token}` });
/** The channels the first test connects, by role. */
const ids: Partial<Record<"x" | "liMember" | "liOrg" | "threads" | "facebook" | "instagram", string>> = {};

type ApiChannel = { id: string; platform: string; displayName: string; accountName: string | null; state: string };
type ApiResult = {
  channelId: string;
  platform: string;
  status: string;
  platformPostId: string | null;
  url: string | null;
  errorMessage: string | null;
  sentContent: string | null;
};
type ApiPost = { id: string; status: string; latestPublication: { results: ApiResult[] } | null };
type StubSeen = {
  method: string;
  path: string;
  query: Record<string, string>;
  json: Record<string, unknown> | null;
  form: Record<string, string> | null;
};

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e oauth networks ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});
test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

async function channels(request: APIRequestContext): Promise<ApiChannel[]> {
  const res = await request.get("/api/channels", { headers: auth() });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as ApiChannel[] | { channels: ApiChannel[] };
  return Array.isArray(body) ? body : body.channels;
}

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: auth() });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

/** Forgets what every stub received (and any planned fault); the stubs' accounts and posts stay. */
async function resetStubs(request: APIRequestContext) {
  for (const name of STUBS) expect((await request.post(`${stubUrl(name)}/__stub/reset`)).ok()).toBe(true);
}

/** Every request `name`'s stub received since its reset, with a POST's parameters (query and form) merged. */
async function stubRequests(request: APIRequestContext, name: string) {
  const res = await request.get(`${stubUrl(name)}/__stub/requests`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as StubSeen[]).map((r) => ({ ...r, params: { ...r.query, ...(r.form ?? {}) } }));
}

const card = (page: Page, id: string) => page.locator(`li[data-channel-id="${id}"]`);

/** Clicks "Connect <label>" and "Authorize app" on the stub's consent page; the browser comes back to this app. */
async function connectThroughConsent(page: Page, label: string, stub: string) {
  await page.getByRole("button", { name: `Connect ${label}`, exact: true }).click();
  const origin = new URL(stubUrl(stub)).origin;
  await page.waitForURL((url) => url.origin === origin);
  await expect(page.getByRole("heading", { name: /^Authorize / })).toBeVisible();
  await page.getByRole("button", { name: "Authorize app" }).click();
  await page.waitForURL((url) => url.origin !== origin && url.pathname === "/settings/channels");
}

/** Checks a connected channel's card on the page: its name as heading, "Connected", and its account name. */
async function expectConnectedCard(page: Page, channel: ApiChannel | undefined, accountName: string) {
  expect(channel, `a channel for ${accountName}`).toBeTruthy();
  expect(channel?.state).toBe("connected");
  const shown = card(page, channel?.id ?? "");
  await expect(shown.getByRole("heading", { name: channel?.displayName, exact: true })).toBeVisible();
  await expect(shown.locator("[data-state]")).toHaveText("Connected");
  await expect(shown).toContainText(accountName);
}

/** The account picker's row for `accountId`. */
const pickerRow = (dialog: Locator, accountId: string) => dialog.locator(`li[data-account-id="${accountId}"]`);

test("X, LinkedIn, Threads, Facebook and Instagram connect through their consent pages and the account picker", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await resetStubs(request);
  await signIn(page, user, "/settings/channels");

  // X: one account, straight back with the "connected" notice.
  await connectThroughConsent(page, "X", "x");
  await expect(page).toHaveURL(/[?&]connected=/);
  const x = (await channels(request)).find((c) => c.platform === "TWITTER");
  expect(x).toMatchObject({ displayName: X_USER.name, accountName: `@${X_USER.username}` });
  await expect(page.getByRole("status").filter({ hasText: "is connected" })).toHaveText(
    new RegExp(`${X_USER.name} is connected`),
  );
  expect(new URL(page.url()).searchParams.get("connected")).toBe(x?.id);
  await expectConnectedCard(page, x, `@${X_USER.username}`);
  ids.x = x?.id;

  // LinkedIn: the member and the two pages they administer; the member and one page are picked.
  await connectThroughConsent(page, "LinkedIn", "linkedin");
  await expect(page).toHaveURL(/[?&]choose=/);
  let dialog = page.getByRole("dialog", { name: "Pick the LinkedIn accounts to connect" });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("li[data-account-id]")).toHaveCount(3);
  await expect(pickerRow(dialog, LI_MEMBER.urn)).toContainText(LI_MEMBER.name);
  await expect(pickerRow(dialog, LI_MEMBER.urn)).toContainText("Member");
  await expect(pickerRow(dialog, LI_ORG.urn)).toContainText("Organization page");
  await pickerRow(dialog, LI_OTHER_ORG).getByRole("checkbox").uncheck();
  await expect(pickerRow(dialog, LI_MEMBER.urn).getByRole("checkbox")).toBeChecked();
  await expect(pickerRow(dialog, LI_ORG.urn).getByRole("checkbox")).toBeChecked();
  await dialog.getByRole("button", { name: "Connect 2 accounts" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  let list = await channels(request);
  const liMember = list.find((c) => c.platform === "LINKEDIN" && c.displayName === LI_MEMBER.name);
  const liOrg = list.find((c) => c.platform === "LINKEDIN" && c.displayName === LI_ORG.name);
  expect(list.filter((c) => c.platform === "LINKEDIN")).toHaveLength(2);
  await expectConnectedCard(page, liMember, LI_MEMBER.name);
  await expectConnectedCard(page, liOrg, LI_ORG.name);
  ids.liMember = liMember?.id;
  ids.liOrg = liOrg?.id;

  // Threads: one profile.
  await connectThroughConsent(page, "Threads", "threads");
  await expect(page).toHaveURL(/[?&]connected=/);
  const threads = (await channels(request)).find((c) => c.platform === "THREADS");
  expect(threads).toMatchObject({ displayName: THREADS_USER.name, accountName: `@${THREADS_USER.username}` });
  await expectConnectedCard(page, threads, `@${THREADS_USER.username}`);
  ids.threads = threads?.id;

  // Facebook and Instagram: three Pages and the Instagram account linked to the first. The Page the person cannot
  // post to is shown with Meta's reason and cannot be ticked; the first Page and its Instagram account are picked.
  await connectThroughConsent(page, "Facebook and Instagram", "meta");
  await expect(page).toHaveURL(/[?&]choose=/);
  dialog = page.getByRole("dialog", { name: "Pick the Facebook and Instagram accounts to connect" });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("li[data-account-id]")).toHaveCount(4);
  const refused = pickerRow(dialog, FB_REFUSED_PAGE.id);
  await expect(refused).toContainText(
    `Cannot be connected: your role on the Page "${FB_REFUSED_PAGE.name}" does not let you create content`,
  );
  await expect(refused.getByRole("checkbox")).toBeDisabled();
  await expect(refused.getByRole("checkbox")).not.toBeChecked();
  await expect(pickerRow(dialog, IG_USER.id)).toContainText("Instagram professional account");
  await expect(pickerRow(dialog, IG_USER.id)).toContainText(`@${IG_USER.username}`);
  await pickerRow(dialog, FB_OTHER_PAGE).getByRole("checkbox").uncheck();
  await dialog.getByRole("button", { name: "Connect 2 accounts" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  list = await channels(request);
  const facebook = list.find((c) => c.platform === "FACEBOOK");
  const instagram = list.find((c) => c.platform === "INSTAGRAM");
  expect(facebook).toMatchObject({ displayName: FB_PAGE.name, accountName: FB_PAGE.name });
  expect(instagram).toMatchObject({ displayName: IG_USER.name, accountName: `@${IG_USER.username}` });
  await expectConnectedCard(page, facebook, FB_PAGE.name);
  await expectConnectedCard(page, instagram, `@${IG_USER.username}`);
  ids.facebook = facebook?.id;
  ids.instagram = instagram?.id;

  // Nothing else was made: the sandbox and the six picked.
  expect(list.map((c) => c.platform).sort()).toEqual(
    ["FACEBOOK", "INSTAGRAM", "LINKEDIN", "LINKEDIN", "SANDBOX", "THREADS", "TWITTER"].sort(),
  );
  await expect(page.locator("li[data-channel-id]")).toHaveCount(7);
});

test("one post with an image and per-network texts goes out once on each, Published with View links", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const all = [ids.x, ids.liMember, ids.liOrg, ids.threads, ids.facebook, ids.instagram];
  expect(all.every(Boolean), "the channels connected by the test before").toBe(true);
  await resetStubs(request);

  const shared = `Fresh loaves are out of the oven ${run}`;
  const own = {
    x: `On X: fresh loaves ${run}`,
    liMember: `On LinkedIn: our bakers made fresh loaves today ${run}`,
    threads: `On Threads: warm loaves, come and get one ${run}`,
  };
  const alt = `A golden loaf on a wooden board ${run}`;
  const image = {
    name: `loaf-${run}.jpg`,
    mimeType: "image/jpeg",
    buffer: await sharp({ create: { width: 640, height: 480, channels: 3, background: "#c08040" } })
      .jpeg()
      .toBuffer(),
  };

  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog", { name: "New post" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Content").fill(shared);
  for (const id of all) await dialog.locator(`[data-channel="${id}"] input`).check();

  await dialog.locator("[data-media-input]").setInputFiles([image]);
  await expect(dialog.locator('.media-tray > li[data-state="ready"]')).toHaveCount(1);
  await dialog.getByLabel(`Alt text for ${image.name}`).fill(alt);

  // Own texts on X, the LinkedIn member and Threads; the LinkedIn page, Facebook and Instagram take the shared one.
  await dialog.getByRole("checkbox", { name: `Customise for ${X_USER.name}`, exact: true }).check();
  await dialog.getByLabel(`Text for ${X_USER.name}`, { exact: true }).fill(own.x);
  await dialog.getByRole("checkbox", { name: `Customise for ${LI_MEMBER.name}`, exact: true }).check();
  await dialog.getByLabel(`Text for ${LI_MEMBER.name}`, { exact: true }).fill(own.liMember);
  await dialog.getByRole("checkbox", { name: `Customise for ${THREADS_USER.name}`, exact: true }).check();
  await dialog.getByLabel(`Text for ${THREADS_USER.name}`, { exact: true }).fill(own.threads);
  for (const id of all) await expect(dialog.locator(`[data-cannot-publish="${id}"]`)).toHaveCount(0);

  // Each network's preview: the text it will be sent, the image with its alt text, nothing its rules refuse.
  const sentText: Record<string, string> = {
    [ids.x ?? ""]: own.x,
    [ids.liMember ?? ""]: own.liMember,
    [ids.liOrg ?? ""]: shared,
    [ids.threads ?? ""]: own.threads,
    [ids.facebook ?? ""]: shared,
    [ids.instagram ?? ""]: shared,
  };
  for (const id of all) {
    const preview = dialog.locator(`[data-preview="${id}"]`);
    await expect(preview.locator(".channel-preview-text")).toHaveText(sentText[id ?? ""] ?? "");
    await expect(preview.locator("[data-preview-alt]")).toHaveText(`Alt: ${alt}`);
    await expect(preview.locator("[data-preview-problem]")).toHaveCount(0);
  }
  await expect(dialog.locator("#composer-schedule-blocked")).toHaveCount(0);

  // The next whole minute at least a minute ahead, in the workspace's zone (UTC).
  const at = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  await dialog.getByLabel("Date").fill(at.toISOString().slice(0, 10));
  await dialog.getByLabel("Time", { exact: true }).fill(at.toISOString().slice(11, 16));
  const scheduled = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  const created = await scheduled;
  expect(created.status(), await created.text()).toBe(201);
  const { id: postId } = (await created.json()) as { id: string };
  await expect(dialog).toBeHidden();

  await expect
    .poll(async () => (await getPost(request, postId)).status, { timeout: 240_000, intervals: [2_000] })
    .toBe("PUBLISHED");
  const results = (await getPost(request, postId)).latestPublication?.results ?? [];
  const resultOf = (id?: string) => {
    const r = results.find((x) => x.channelId === id);
    expect(r, `a result for channel ${id}`).toBeTruthy();
    return r as ApiResult;
  };
  for (const id of all) expect(resultOf(id), `channel ${id}`).toMatchObject({ status: "SUCCEEDED" });
  const mediaUrlPrefix = `http://127.0.0.1:${port}/media/`;

  // X: one media upload (JPEG, its alt text) and one post with X's own text and that media.
  const xSeen = await stubRequests(request, "x");
  const xPosts = xSeen.filter((r) => r.method === "POST" && r.path === "/2/tweets");
  expect(xPosts).toHaveLength(1);
  const xInit = xSeen.filter((r) => r.method === "POST" && r.path === "/2/media/upload/initialize");
  expect(xInit).toHaveLength(1);
  expect(xInit[0]?.json).toMatchObject({ media_type: "image/jpeg", total_bytes: image.buffer.length });
  const xMediaId = (xSeen.find((r) => /^\/2\/media\/upload\/[^/]+\/finalize$/.test(r.path))?.path ?? "").split("/")[4];
  expect(xMediaId).toBeTruthy();
  expect(xSeen.filter((r) => r.method === "POST" && r.path === "/2/media/metadata").map((r) => r.json)).toEqual([
    { id: xMediaId, metadata: { alt_text: { text: alt } } },
  ]);
  expect(xPosts[0]?.json).toMatchObject({ text: own.x, media: { media_ids: [xMediaId] } });
  const xPost = resultOf(ids.x);
  expect(xPost.url).toBe(`https://x.com/${X_USER.username}/status/${xPost.platformPostId}`);

  // LinkedIn: per channel one image upload and one post by that author, with the image; the member's own text.
  const liSeen = await stubRequests(request, "linkedin");
  const liInits = liSeen.filter((r) => r.method === "POST" && r.path === "/rest/images");
  expect(liInits.map((r) => r.query.action)).toEqual(["initializeUpload", "initializeUpload"]);
  expect(
    liInits.map((r) => (r.json as { initializeUploadRequest: { owner: string } }).initializeUploadRequest.owner).sort(),
  ).toEqual([LI_MEMBER.urn, LI_ORG.urn].sort());
  expect(liSeen.filter((r) => r.method === "PUT")).toHaveLength(2);
  const liPosts = liSeen.filter((r) => r.method === "POST" && r.path === "/rest/posts");
  expect(liPosts).toHaveLength(2);
  const liPostBy = (urn: string) => liPosts.find((r) => (r.json as { author?: string }).author === urn)?.json;
  expect(liPostBy(LI_MEMBER.urn)).toMatchObject({
    commentary: own.liMember,
    content: { media: { id: expect.stringMatching(/^urn:li:image:/), altText: alt } },
  });
  expect(liPostBy(LI_ORG.urn)).toMatchObject({
    commentary: shared,
    content: { media: { id: expect.stringMatching(/^urn:li:image:/), altText: alt } },
  });
  for (const id of [ids.liMember, ids.liOrg]) {
    const r = resultOf(id);
    expect(r.platformPostId).toMatch(/^urn:li:(share|ugcPost):\d+$/);
    expect(r.url).toBe(`https://www.linkedin.com/feed/update/${r.platformPostId}/`);
  }

  // Threads: one IMAGE container (the signed public URL of the image, its alt text, Threads' own text), published once.
  const thSeen = await stubRequests(request, "threads");
  const containers = thSeen.filter((r) => r.method === "POST" && r.path === `/v1.0/${THREADS_USER.id}/threads`);
  expect(containers).toHaveLength(1);
  expect(containers[0]?.params).toMatchObject({ media_type: "IMAGE", text: own.threads, alt_text: alt });
  expect(containers[0]?.params.image_url?.startsWith(mediaUrlPrefix)).toBe(true);
  expect(
    thSeen.filter((r) => r.method === "POST" && r.path === `/v1.0/${THREADS_USER.id}/threads_publish`),
  ).toHaveLength(1);
  // The stub does not fetch it (Threads does): the URL it was given serves the JPEG to anyone holding it.
  const fetched = await request.get(containers[0]?.params.image_url ?? "");
  expect(fetched.status()).toBe(200);
  expect(fetched.headers()["content-type"]).toBe("image/jpeg");
  const thPost = resultOf(ids.threads);
  expect(thPost.url).toBe(
    `https://www.threads.net/@${THREADS_USER.username}/post/C${thPost.platformPostId?.slice(-8)}`,
  );

  // Facebook: one unpublished photo from the signed URL (alt text), then one feed post with the shared text and it.
  const metaSeen = await stubRequests(request, "meta");
  const graphPost = (re: RegExp) => metaSeen.filter((r) => r.method === "POST" && re.test(r.path));
  const photos = graphPost(new RegExp(`^/v\\d+\\.\\d+/${FB_PAGE.id}/photos$`));
  expect(photos).toHaveLength(1);
  expect(photos[0]?.params).toMatchObject({ published: "false", alt_text_custom: alt });
  expect(photos[0]?.params.url?.startsWith(mediaUrlPrefix)).toBe(true);
  const feed = graphPost(new RegExp(`^/v\\d+\\.\\d+/${FB_PAGE.id}/feed$`));
  expect(feed).toHaveLength(1);
  expect(feed[0]?.params.message).toBe(shared);
  expect(JSON.stringify(feed[0]?.params)).toContain("media_fbid");
  const fbPost = resultOf(ids.facebook);
  const [pageId, storyId] = (fbPost.platformPostId ?? "").split("_");
  expect(pageId).toBe(FB_PAGE.id);
  expect(fbPost.url).toBe(`https://www.facebook.com/${FB_PAGE.id}/posts/${storyId}`);

  // Instagram (same Graph server): one image container (which the stub fetched from the signed URL), published once.
  const igContainers = graphPost(new RegExp(`^/v\\d+\\.\\d+/${IG_USER.id}/media$`));
  expect(igContainers).toHaveLength(1);
  expect(igContainers[0]?.params).toMatchObject({ caption: shared, alt_text: alt });
  expect(igContainers[0]?.params.image_url?.startsWith(mediaUrlPrefix)).toBe(true);
  expect(graphPost(new RegExp(`^/v\\d+\\.\\d+/${IG_USER.id}/media_publish$`))).toHaveLength(1);
  const igPost = resultOf(ids.instagram);
  expect(igPost.platformPostId).toMatch(/^\d+$/);
  expect(igPost.url).toMatch(/^https:\/\/www\.instagram\.com\/p\/[A-Za-z0-9_-]{11}\/$/);

  // The texts each result says was sent: what the preview showed.
  expect(Object.fromEntries(results.map((r) => [r.channelId, r.sentContent]))).toMatchObject(sentText);

  // In the composer: Published on every channel, each with a "View" link to that platform's post.
  await page.goto(`/?post=${postId}`);
  const region = page.getByRole("dialog").getByRole("region", { name: "Last publication" });
  for (const id of all) {
    const row = region.locator(`li[data-channel-id="${id}"]`);
    await expect(row.locator(".cal-status")).toHaveText("Published");
    await expect(row.getByRole("link", { name: /^View on / })).toHaveAttribute("href", resultOf(id).url ?? "");
  }
});

test("a Facebook refusal shows Meta's own words on that channel; X and Threads publish", async ({ page, request }) => {
  test.setTimeout(120_000);
  expect(ids.x && ids.threads && ids.facebook, "the channels connected by the first test").toBeTruthy();
  await resetStubs(request);
  // Meta's answer to a post its systems block (https://developers.facebook.com/docs/graph-api/guides/error-handling:
  // code 368, "The action attempted has been deemed abusive or is otherwise disallowed").
  const metaMessage = "(#368) The action attempted has been deemed abusive or is otherwise disallowed";
  const planned = await request.post(`${stubUrl("meta")}/__stub/fail`, {
    data: {
      method: "POST",
      pathRegex: `^/v\\d+\\.\\d+/${FB_PAGE.id}/feed$`,
      status: 400,
      json: { error: { message: metaMessage, type: "OAuthException", code: 368, fbtrace_id: "AbCdEfGh123" } },
    },
  });
  expect(planned.ok()).toBe(true);

  const text = `Opening hours change next week ${run}`;
  const post = await createPost(request, ws.token, { content: text, channelIds: [ids.x, ids.threads, ids.facebook] });
  await schedulePost(request, ws.token, post.id, new Date(Date.now() + 2_000));
  await expect
    .poll(async () => (await getPost(request, post.id)).status, { timeout: 90_000, intervals: [1_000] })
    .toBe("PUBLISHED");
  const results = (await getPost(request, post.id)).latestPublication?.results ?? [];
  const byChannel = Object.fromEntries(results.map((r) => [r.channelId, r]));
  expect(byChannel[ids.x ?? ""]?.status).toBe("SUCCEEDED");
  expect(byChannel[ids.threads ?? ""]?.status).toBe("SUCCEEDED");
  expect(byChannel[ids.facebook ?? ""]?.status).toBe("FAILED");
  expect(byChannel[ids.facebook ?? ""]?.errorMessage).toContain(metaMessage);
  // The feed post was asked for once and not again (a refusal, not a lost answer).
  const feed = (await stubRequests(request, "meta")).filter(
    (r) => r.method === "POST" && r.path.endsWith(`/${FB_PAGE.id}/feed`),
  );
  expect(feed).toHaveLength(1);

  await signIn(page, user, `/?post=${post.id}`);
  const region = page.getByRole("dialog").getByRole("region", { name: "Last publication" });
  const fbRow = region.locator(`li[data-channel-id="${ids.facebook}"]`);
  await expect(fbRow.locator(".composer-result-error")).toContainText(metaMessage);
  await expect(fbRow.getByRole("link", { name: /^View on / })).toHaveCount(0);
  for (const id of [ids.x, ids.threads]) {
    const row = region.locator(`li[data-channel-id="${id}"]`);
    await expect(row.locator(".cal-status")).toHaveText("Published");
    await expect(row.getByRole("link", { name: /^View on / })).toHaveAttribute("href", byChannel[id ?? ""]?.url ?? "");
  }
});
