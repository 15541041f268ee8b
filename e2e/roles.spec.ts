import { expect, test } from "@playwright/test";
import { createPost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { postEvent, signIn } from "./helpers";

// Roles in the browser: a Viewer reads but cannot create a post (no button, and the API says 403 naming the
// permission), drag a post or draft on the calendar, rename or delete media, rotate evergreen posts or read the
// audit log; the Owner makes them an Editor on Settings → Team (read back in Settings → Audit log), and the composer,
// dragging and renaming appear for them.

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
  const scheduled = await createPost(request, ws.token, {
    content: `scheduled, not movable by the viewer ${run}`,
    channelIds: [ws.channelId],
    scheduledAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  });
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWMwTvuPFTEMpAQARSBMgUseUsYAAAAASUVORK5CYII=",
    "base64",
  );
  const media = `roles-${run}.png`;
  const uploaded = await request.post(`/api/media?name=${media}`, {
    headers: { authorization: `Bearer ${ws.token}`, "content-type": "image/png" },
    data: png,
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);

  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  await signIn(page, viewer);
  await expect(page.getByRole("heading", { name: "Calendar" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New post" })).toHaveCount(0);
  // Nothing on the calendar drags: the scheduled post's event is not draggable, drafts offer no drag.
  const event = page.locator(".fc-event").filter({ has: page.locator(`[data-post-id="${scheduled.id}"]`) });
  await postEvent(page, scheduled.id);
  await expect(event).not.toHaveClass(/fc-event-draggable/);
  await expect(event).not.toHaveClass(/fc-event-resizable/);
  await expect(page.getByText("Drag a draft onto the calendar to schedule it there.")).toHaveCount(0);
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
  const mediaCard = page.locator("li[data-media-id]").filter({ hasText: media });
  await expect(mediaCard.getByRole("heading", { name: media })).toBeVisible();
  await expect(mediaCard.getByRole("button", { name: `Rename ${media}` })).toHaveCount(0);
  await expect(mediaCard.getByRole("button", { name: `Delete ${media}` })).toBeHidden();
  await page.goto("/evergreen");
  await expect(page.getByRole("heading", { name: "Evergreen" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Rotate now" })).toBeHidden();
  // The audit log is for Owners and Admins: no link in Settings, and the page says so.
  await page.goto("/settings/audit");
  await expect(page.getByText("Only an Owner or Admin reads the audit log")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" })).toHaveCount(
    0,
  );
  await page.goto("/settings/channels");
  await expect(page.getByText("Your role can see the channels but not connect")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Connect a channel" })).toBeHidden();
  const channelCard = page.locator(`li[data-channel-id="${ws.channelId}"]`);
  await expect(channelCard).toBeVisible();
  for (const name of ["Rename", "Disable", "Disconnect"])
    await expect(channelCard.getByRole("button", { name })).toHaveCount(0);
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
  await ownerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
  await expect(ownerPage.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const change = ownerPage.locator('tr[data-action="member.role_changed"]').first();
  await expect(change).toContainText(/Changed the role of .+ from Viewer to Editor/);

  await page.goto("/");
  await page.getByRole("button", { name: "New post" }).click();
  await expect(page.getByRole("dialog", { name: "New post" })).toBeVisible();
  // The same event drags for an Editor, and the media item can be renamed and deleted.
  await page.goto("/");
  await postEvent(page, scheduled.id);
  await expect(event).toHaveClass(/fc-event-draggable/);
  await page.goto("/library");
  await expect(mediaCard.getByRole("button", { name: `Rename ${media}` })).toBeVisible();
  await expect(mediaCard.getByRole("button", { name: `Delete ${media}` })).toBeVisible();
  await viewerContext.close();
  await ownerContext.close();
});
