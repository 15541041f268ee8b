import { expect, type Page, test } from "@playwright/test";
import { createPost, schedulePost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, postEvent, signIn } from "./helpers";

// Settings in the built app (issue 12): the workspace's time zone and week start changed in Settings → Workspace and
// the calendar following them; an API token made in Settings → API tokens, shown once, used, revoked (401); a new
// workspace from the switcher.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
const extraWorkspaces: string[] = [];

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e settings ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId, ...extraWorkspaces], user ? [user.userId] : []);
});

const wallTime = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);

async function pickZone(page: Page, search: string, zone: string) {
  await page.getByRole("combobox", { name: "Time zone" }).click();
  const box = page.getByRole("combobox", { name: "Search time zones" });
  await box.fill(search);
  await expect(page.getByRole("option", { name: new RegExp(zone.replace("_", " ")) }).first()).toBeVisible();
  await box.press("Enter");
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", zone);
}

test("changing the time zone and week start in Settings moves the calendar, not the post; default channels preselect", async ({
  page,
}) => {
  // Two days ahead at 12:00 UTC: 00:00 or 01:00 the next day in Auckland.
  const at = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 12 * 3_600_000);
  const post = await createPost(page.request, ws.token, { content: `Zone follows ${run}`, channelIds: [ws.channelId] });
  await schedulePost(page.request, ws.token, post.id, at);

  await signIn(page, user);
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", "UTC");
  await expect((await postEvent(page, post.id)).locator(".cal-ev-time")).toHaveText(wallTime(at, "UTC"));
  await expect(page.locator(".fc-col-header-cell").first()).toHaveClass(/fc-day-mon/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Workspace", level: 1 })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "E2E sandbox" })).toBeVisible();
  expect(await axeViolations(page), "settings: workspace").toEqual([]);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" })).toHaveAttribute(
    "href",
    "/settings/team",
  );
  await pickZone(page, "Auckland", "Pacific/Auckland");
  await page.getByRole("radio", { name: "Sunday" }).check();
  await page.getByRole("checkbox", { name: "E2E sandbox" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Workspace settings saved")).toBeVisible();
  // The switcher shows the new zone at once.
  await expect(page.getByRole("button", { name: /^Workspace: / })).toContainText("Pacific/Auckland");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", "Pacific/Auckland");
  await expect(page.locator(".fc-col-header-cell").first()).toHaveClass(/fc-day-sun/);
  await expect((await postEvent(page, post.id)).locator(".cal-ev-time")).toHaveText(wallTime(at, "Pacific/Auckland"));
  // The default channel is preselected in a new post.
  await page.getByRole("button", { name: "New post" }).click();
  await expect(
    page.getByRole("dialog", { name: "New post" }).getByRole("checkbox", { name: "Sandbox E2E sandbox" }),
  ).toBeChecked();
  await page.keyboard.press("Escape");
  const read = await page.request.get(`/api/posts/${post.id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect((await read.json()).scheduledAt).toBe(at.toISOString());
});

test("an API token made in Settings is shown once, works, and is refused once revoked", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, user, "/settings/tokens");
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await page.getByLabel("Name").fill(`e2e read ${run}`);
  await page.getByRole("radio", { name: "Read", exact: true }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("new-token");
  await expect(secret).toHaveText(/^cad_/);
  const token = (await secret.textContent()) ?? "";
  await expect(page.getByRole("row", { name: new RegExp(`e2e read ${run}`) })).toBeVisible();
  // (Before any toast: a toast sliding in is measured mid-fade.)
  expect(await axeViolations(page), "settings: API tokens").toEqual([]);
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(page.getByText("Token copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  const row = page.getByRole("row", { name: new RegExp(`e2e read ${run}`) });
  await expect(row).toContainText("Read");
  await expect(row).toContainText("Never");

  const auth = { authorization: `Bearer ${token}` };
  expect((await page.request.get("/api/posts", { headers: auth })).status()).toBe(200);

  // Shown once: after a reload only its prefix is on the page.
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(row).not.toContainText("Never");

  await row.getByRole("button", { name: `Revoke e2e read ${run}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("get 401");
  expect(await axeViolations(page), "settings: revoke dialog").toEqual([]);
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  const refused = await page.request.get("/api/posts", { headers: auth });
  expect(refused.status()).toBe(401);

  // Settings → Audit log reads both, each a sentence.
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }),
  ).toBeVisible();
  await page.goto("/settings/audit"); // a fresh page: no toast fading in front of the accessibility check
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const revoked = page.locator('tr[data-action="token.revoked"]').filter({ hasText: `e2e read ${run}` });
  await expect(revoked).toContainText(`Revoked API token “e2e read ${run}”`);
  const created = page.locator('tr[data-action="token.created"]').filter({ hasText: `e2e read ${run}` });
  await expect(created).toContainText(/\(cad_\w+…, read\)/);
  expect(await axeViolations(page), "settings: audit log").toEqual([]);
});

test("New workspace in the switcher makes the person its owner and switches to it", async ({ page }) => {
  await signIn(page, user);
  await page.getByRole("button", { name: /^Workspace: / }).click();
  await page.getByRole("menuitem", { name: "New workspace…" }).click();
  const dialog = page.getByRole("dialog", { name: "New workspace" });
  await expect(dialog).toBeVisible();
  expect(await axeViolations(page), "new workspace dialog").toEqual([]);
  await dialog.getByLabel("Name").fill(`Client ${run}`);
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("button", { name: /^Workspace: / })).toContainText(`Client ${run}`);
  const session = await (await page.request.get("/api/auth/session")).json();
  extraWorkspaces.push(session.workspace.id);
  expect(session.workspace.name).toBe(`Client ${run}`);
  const role = session.workspaces.find((w: { id: string }) => w.id === session.workspace.id)?.role;
  expect(role).toBe("OWNER");
});
