import { expect, test } from "@playwright/test";
import { createPost } from "./api";
import {
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedChannel,
  seedUser,
  seedWorkspace,
} from "./factories";
import { signIn } from "./helpers";

// Settings → Channels in the built app: every channel with its state, rename, colour, disable, a channel that needs
// reconnecting with the network's reason, disconnect naming the scheduled post it changes, the platforms that are
// coming (not connectable), and the notice a connect flow comes back with.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let sky: { id: string };
let hook: { id: string };
const auth = () => ({ authorization: `Bearer ${ws.token}` });

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e channels ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId]);
  sky = await seedChannel({
    workspaceId: ws.workspaceId,
    platform: "BLUESKY",
    displayName: "Bluesky @a.test",
    accountName: "@a.test",
    serverUrl: "https://pds.example.test",
    needsReconnectReason: "the session was revoked",
  });
  hook = await seedChannel({ workspaceId: ws.workspaceId, platform: "WEBHOOK", displayName: "Hook" });
});
test.afterAll(async () => {
  await removeWorkspaces([ws.workspaceId], [user.userId]);
});

const card = (page: import("@playwright/test").Page, id: string) => page.locator(`li[data-channel-id="${id}"]`);

test("lists every channel with its state; needs reconnect shows the reason; rename, colour and disable", async ({
  page,
  request,
}) => {
  await signIn(page, user, "/settings/channels");
  await expect(page.getByRole("heading", { name: "Channels", level: 1 })).toBeVisible();
  await expect(page.locator("li[data-channel-id]")).toHaveCount(3);

  const bluesky = card(page, sky.id);
  await expect(bluesky.locator("[data-state]")).toHaveText("Needs reconnect");
  await expect(bluesky).toContainText("the session was revoked");
  await expect(bluesky).toContainText("@a.test");
  await expect(bluesky).toContainText("pds.example.test");
  await expect(bluesky.getByRole("button", { name: "Reconnect" })).toBeVisible();
  await expect(card(page, ws.channelId).locator("[data-state]")).toHaveText("Connected");
  await expect(card(page, ws.channelId)).toContainText("Never");

  // Rename inline.
  const sandbox = card(page, ws.channelId);
  await sandbox.getByRole("button", { name: "Rename" }).click();
  await sandbox.getByLabel("Channel name").fill(`Renamed ${run}`);
  await sandbox.getByRole("button", { name: "Save" }).click();
  await expect(sandbox.getByRole("heading", { name: `Renamed ${run}` })).toBeVisible();

  // Colour from the palette.
  await sandbox.getByRole("button", { name: "Pink" }).click();
  await expect(sandbox.getByRole("button", { name: "Pink" })).toHaveAttribute("aria-pressed", "true");
  const read = await request.get(`/api/channels/${ws.channelId}`, { headers: auth() });
  expect(await read.json()).toMatchObject({ displayName: `Renamed ${run}`, color: "#db2777" });

  // Disable → the state says so; enable again.
  const webhook = card(page, hook.id);
  await webhook.getByRole("button", { name: "Disable" }).click();
  await expect(webhook.locator("[data-state]")).toHaveText("Disabled");
  await webhook.getByRole("button", { name: "Enable" }).click();
  await expect(webhook.locator("[data-state]")).toHaveText("Connected");
});

test("disconnect names the scheduled post it changes before confirming; the post goes back to drafts", async ({
  page,
  request,
}) => {
  const box = await seedChannel({ workspaceId: ws.workspaceId, platform: "SANDBOX", displayName: `Box ${run}` });
  const post = await createPost(request, ws.token, {
    content: `Launch post ${run}`,
    channelIds: [box.id],
    scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await signIn(page, user, "/settings/channels");
  const target = card(page, box.id);
  await target.getByRole("button", { name: "Disconnect" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Disconnect Box ${run}?` });
  await expect(confirm.locator(`li[data-post-id="${post.id}"]`)).toContainText(`Launch post ${run}`);
  await confirm.getByRole("button", { name: "Confirm disconnect" }).click();
  await expect(target).toHaveCount(0);
  const after = await request.get(`/api/posts/${post.id}`, { headers: auth() });
  expect(await after.json()).toMatchObject({ status: "DRAFT", draftReason: expect.stringContaining(`Box ${run}`) });
});

test("the networks without an adapter are listed as coming, with no way to connect them", async ({ page }) => {
  await signIn(page, user, "/settings/channels");
  const coming = page.getByRole("list", { name: "Coming in a later release" });
  await expect(coming).not.toContainText("X (Twitter)");
  for (const name of ["TikTok"]) {
    await expect(coming).toContainText(name);
    await expect(page.getByRole("button", { name: `Connect ${name}` })).toHaveCount(0);
  }
  for (const name of ["Webhook", "Sandbox", "Bluesky", "Mastodon"]) {
    await expect(page.getByRole("button", { name: `Connect ${name}` })).toBeVisible();
  }
});

test("a sandbox connects from its form; a connect form shows the API's refusal; a connect flow's return is a notice", async ({
  page,
}) => {
  await signIn(page, user, "/settings/channels");
  await page.getByRole("button", { name: "Connect Sandbox" }).click();
  const form = page.getByRole("form", { name: "Add a sandbox channel" });
  await form.getByLabel("Name").fill(`Try-out ${run}`);
  await form.getByRole("button", { name: "Add sandbox" }).click();
  await expect(page.getByRole("heading", { name: `Try-out ${run}` })).toBeVisible();

  await page.getByRole("button", { name: "Connect Bluesky" }).click();
  const bluesky = page.getByRole("form", { name: "Connect Bluesky" });
  await bluesky.getByLabel("Handle or DID").fill("nobody.invalid");
  await bluesky.getByLabel("App password").fill("aaaa-bbbb-cccc-dddd");
  await bluesky.getByRole("button", { name: "Connect Bluesky" }).click();
  await expect(bluesky.getByRole("alert")).not.toBeEmpty();

  await page.goto("/settings/channels?error=access%20denied%20on%20the%20server");
  await expect(page.getByRole("alert").filter({ hasText: "Connecting failed" })).toContainText(
    "access denied on the server",
  );
  await page.goto(`/settings/channels?connected=${hook.id}`);
  await expect(page.getByRole("status").filter({ hasText: "is connected" })).toContainText("Hook is connected.");
});
