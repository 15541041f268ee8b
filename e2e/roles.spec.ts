import { expect, test } from "@playwright/test";
import { createPost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { signIn } from "./helpers";

// Roles in the browser: a Viewer reads but cannot create a post (no button, and the API says 403 naming the
// permission); the Owner makes them an Editor on Settings → Team, and the composer opens for them.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let owner: SeededUser;
let viewer: SeededUser;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e roles ${run}`, "Europe/Berlin");
  [owner, viewer] = await Promise.all([
    seedUser([ws.workspaceId], { email: `owner-${run}@e2e.cadence.local` }),
    seedUser([ws.workspaceId], { email: `viewer-${run}@e2e.cadence.local`, role: "VIEWER" }),
  ]);
});

test.afterAll(async () => {
  await removeWorkspaces([ws.workspaceId], [owner.userId, viewer.userId]);
});

test("a Viewer sees posts but cannot create one; made an Editor on Settings → Team, they can", async ({
  browser,
  request,
}) => {
  await createPost(request, ws.token, { content: `seen by the viewer ${run}`, channelIds: [ws.channelId] });

  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  await signIn(page, viewer);
  await expect(page.getByRole("heading", { name: "Calendar" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New post" })).toHaveCount(0);
  // The API refuses it too, naming the missing permission, whatever the page shows.
  const refused = await page.request.post("/api/posts", {
    data: { content: "sneaky", channelIds: [ws.channelId] },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe("your role (Viewer) cannot posts:write");

  await page.goto("/library");
  await expect(page.getByRole("heading", { name: "Media" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload" })).toHaveCount(0);
  await page.goto("/settings/channels");
  await expect(page.getByText("Your role can see the channels but not connect")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Connect a channel" })).toBeHidden();
  // Inviting is members:manage: a Viewer sees the team but no invite form and no pending invitations.
  await page.goto("/settings/team");
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Invite" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Pending invitations" })).toHaveCount(0);

  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner, "/settings/team");
  const row = ownerPage.locator(`[data-member="${viewer.email}"]`);
  await expect(row.getByLabel(/Role of/)).toHaveValue("VIEWER");
  await row.getByLabel(/Role of/).selectOption("EDITOR");
  await expect(ownerPage.getByText(`${viewer.email} is now Editor`)).toBeVisible();

  await page.goto("/");
  await page.getByRole("button", { name: "New post" }).click();
  await expect(page.getByRole("dialog", { name: "New post" })).toBeVisible();
  await viewerContext.close();
  await ownerContext.close();
});
