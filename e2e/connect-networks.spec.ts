import { type APIRequestContext, expect, type Locator, type Page, test } from "@playwright/test";
import { waitForWorker } from "./api";
import {
  listMastodonStatuses,
  removeWorkspaces,
  type SeededBlueskyAccount,
  type SeededMastodonAccount,
  type SeededUser,
  type SeededWorkspace,
  seedBlueskyAccount,
  seedMastodonAccount,
  seedUser,
  seedWorkspace,
} from "./factories";
import { postEvent, refuseAutosave, signIn } from "./helpers";

// Connecting the two real networks from Settings → Channels, as a person does, against the launcher's real servers
// (a Bluesky PDS from @atproto/dev-env, GoToSocial for the Mastodon API), then publishing to both:
// - Bluesky: handle + app password + PDS URL on the form; a wrong app password shows the API's words and makes
//   nothing; the right one lists the channel connected, with @handle, its server and an avatar or initials.
// - Mastodon: the server URL → GoToSocial's own sign-in and authorize pages in the browser → back on the Channels
//   page with the "connected" notice and @acct@host.
// - A post scheduled from the composer to both a minute ahead is published by the real worker: one record on the
//   PDS and one status on GoToSocial, each with the text; the calendar chip says Published and "View" opens each.
// - Disconnecting the Mastodon channel from the page.
// The tests run in order and build on each other (the channels the first two connect are what the third posts to).
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let sky: SeededBlueskyAccount;
let toot: SeededMastodonAccount;
const ids: { bluesky?: string; mastodon?: string } = {};
const auth = () => ({ authorization: `Bearer ${ws.token}` });

type ApiChannel = {
  id: string;
  platform: string;
  displayName: string;
  accountName: string | null;
  serverUrl: string | null;
  state: string;
  canPublish: boolean;
};

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e connect ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  [sky, toot] = await Promise.all([seedBlueskyAccount("e2e"), seedMastodonAccount("e2e")]);
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

const card = (page: Page, id: string) => page.locator(`li[data-channel-id="${id}"]`);

/** Opens "Connect <name>" in the platform list and returns its form. */
async function openConnect(page: Page, platform: "BLUESKY" | "MASTODON", name: string): Promise<Locator> {
  await page
    .locator(`li[data-platform="${platform}"]`)
    .getByRole("button", { name: `Connect ${name}` })
    .click();
  const form = page.getByRole("form", { name: `Connect ${name}` });
  await expect(form).toBeVisible();
  return form;
}

test("Bluesky: a wrong app password shows the API's message and makes nothing; the right one connects", async ({
  page,
  request,
}) => {
  await signIn(page, user, "/settings/channels");
  const form = await openConnect(page, "BLUESKY", "Bluesky");
  await form.getByLabel("Handle or DID").fill(sky.handle);
  await form.getByLabel("App password").fill("aaaa-bbbb-cccc-dddd");
  await form.getByLabel(/Server \(PDS\) URL/).fill(sky.pdsUrl);

  const refused = page.waitForResponse((r) => r.url().endsWith("/api/channels/connect/bluesky"));
  await form.getByRole("button", { name: "Connect Bluesky" }).click();
  const answer = await refused;
  expect(answer.status()).toBe(422);
  const { error } = (await answer.json()) as { error: { message: string } };
  expect(error.message).toContain(`refused the app password for @${sky.handle}`);
  await expect(form.getByRole("alert")).toHaveText(error.message);
  expect((await channels(request)).map((c) => c.platform)).toEqual(["SANDBOX"]);

  await form.getByLabel("App password").fill(sky.password);
  await form.getByRole("button", { name: "Connect Bluesky" }).click();
  await expect(form).toBeHidden();

  const [channel] = (await channels(request)).filter((c) => c.platform === "BLUESKY");
  expect(channel).toMatchObject({ displayName: `@${sky.handle}`, accountName: `@${sky.handle}`, state: "connected" });
  ids.bluesky = channel?.id;
  const shown = card(page, channel?.id ?? "");
  await expect(shown.getByRole("heading", { name: `@${sky.handle}` })).toBeVisible();
  await expect(shown.locator("[data-state]")).toHaveText("Connected");
  // the PDS the account's DID document names (localhost on the test PDS's port)
  await expect(shown).toContainText(`localhost:${new URL(sky.pdsUrl).port}`);
  // no avatar on a new account: its initials stand in
  await expect(shown.locator("[data-avatar]")).toHaveText(sky.handle.slice(0, 2).toUpperCase());
});

test("Mastodon: the server's own sign-in and authorize pages, then back with the connected notice", async ({
  page,
  request,
}) => {
  await signIn(page, user, "/settings/channels");
  const form = await openConnect(page, "MASTODON", "Mastodon");
  await form.getByLabel("Server URL").fill(toot.serverUrl);
  await form.getByRole("button", { name: "Continue to the server" }).click();

  // GoToSocial's sign-in page (its label "Email" names no input: the field is #username, and takes the email).
  const server = new URL(toot.serverUrl).origin;
  await page.waitForURL((url) => url.origin === server && url.pathname === "/auth/sign_in");
  await page.locator("#username").fill(toot.email);
  await page.locator("#password").fill(toot.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.origin === server && url.pathname === "/oauth/authorize");
  await expect(page.getByRole("heading", { name: "Authorize app" })).toBeVisible();
  await expect(page.locator("main")).toContainText("Cadence");
  await page.getByRole("button", { name: "Allow" }).click();

  // Back on the Channels page of this app.
  await page.waitForURL((url) => url.pathname === "/settings/channels" && url.searchParams.has("connected"));
  const acct = `@${toot.username}@${new URL(toot.serverUrl).host}`;
  await expect(page.getByRole("status").filter({ hasText: "is connected" })).toHaveText(
    new RegExp(`${acct} is connected`),
  );
  const [channel] = (await channels(request)).filter((c) => c.platform === "MASTODON");
  expect(channel).toMatchObject({ displayName: acct, accountName: acct, serverUrl: server, state: "connected" });
  ids.mastodon = channel?.id;
  expect(new URL(page.url()).searchParams.get("connected")).toBe(channel?.id);
  const shown = card(page, channel?.id ?? "");
  await expect(shown.locator("[data-state]")).toHaveText("Connected");
  await expect(shown).toContainText(acct);
  // GoToSocial gives every account a default avatar
  await expect(shown.locator("img[data-avatar]")).toHaveAttribute("src", /^http:\/\/127\.0\.0\.1:\d+\//);
});

test("a post scheduled from the composer to both goes out once on each network; Published, with View links", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  expect(ids.bluesky && ids.mastodon, "both channels connected by the tests before").toBeTruthy();
  const text = `Hello from Cadence to two networks ${run}`;
  await signIn(page, user);
  await refuseAutosave(page);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Content").fill(text);
  await dialog.getByRole("checkbox", { name: new RegExp(`@${sky.handle}`) }).check();
  await dialog.getByRole("checkbox", { name: new RegExp(`@${toot.username}@`) }).check();
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

  type Post = { status: string; latestPublication: { results: { channelId: string; url: string | null }[] } | null };
  const read = async () => (await (await request.get(`/api/posts/${postId}`, { headers: auth() })).json()) as Post;
  await expect.poll(async () => (await read()).status, { timeout: 200_000, intervals: [2_000] }).toBe("PUBLISHED");
  const results = (await read()).latestPublication?.results ?? [];
  const urlOf = (channelId?: string) => results.find((r) => r.channelId === channelId)?.url ?? "";

  // Exactly one record on the PDS, with the text (com.atproto.repo.listRecords needs no session).
  const list = new URL("/xrpc/com.atproto.repo.listRecords", sky.pdsUrl);
  list.search = new URLSearchParams({ repo: sky.did, collection: "app.bsky.feed.post" }).toString();
  const records = (await (await request.get(list.href)).json()) as {
    records: { uri: string; value: { text: string } }[];
  };
  expect(records.records.map((r) => r.value.text)).toEqual([text]);
  const rkey = records.records[0]?.uri.split("/").at(-1);
  expect(urlOf(ids.bluesky)).toBe(`https://bsky.app/profile/${sky.handle}/post/${rkey}`);

  // Exactly one status on GoToSocial, with the text.
  const statuses = await listMastodonStatuses(toot);
  expect(statuses).toHaveLength(1);
  expect(statuses[0]?.content).toContain(text);
  expect(urlOf(ids.mastodon)).toBe(statuses[0]?.url);

  // The calendar chip says Published; the post's results link to both.
  await page.reload();
  // On this week's grid, or the next week's should the minute ahead have crossed into it.
  const chip = await postEvent(page, postId);
  await expect(chip).toHaveAttribute("data-status", "PUBLISHED");
  await expect(chip.locator(".cal-status")).toHaveText("Published");
  await chip.click();
  const editor = page.getByRole("dialog");
  const results$ = editor.getByRole("region", { name: "Last publication" });
  await expect(results$.getByRole("link", { name: `View on @${sky.handle}` })).toHaveAttribute(
    "href",
    urlOf(ids.bluesky),
  );
  await expect(results$.getByRole("link", { name: new RegExp(`View on @${toot.username}@`) })).toHaveAttribute(
    "href",
    urlOf(ids.mastodon),
  );
});

test("disconnecting the Mastodon channel from the page", async ({ page, request }) => {
  expect(ids.mastodon, "the Mastodon channel connected by the test before").toBeTruthy();
  await signIn(page, user, "/settings/channels");
  const shown = card(page, ids.mastodon ?? "");
  await shown.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Confirm disconnect" }).click();
  await expect(shown).toHaveCount(0);
  expect((await channels(request)).map((c) => c.platform).sort()).toEqual(["BLUESKY", "SANDBOX"]);
});
