import { expect, test } from "@playwright/test";
import { deleteMessagesTo, linkIn, waitForMessageTo } from "../tests/helpers/mailpit";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, signIn } from "./helpers";

// The invitee opens the link from the mail (read from the launcher's Mailpit) in a browser of their own, sets their
// name and password, and lands in the workspace; the same link then says it was used. The Owner invites from
// Settings → Team and revokes it there. Then "Forgot password?".

const run = Date.now().toString(36);
const inviteeEmail = `invitee-${run}@e2e.cadence.local`;
let workspace: SeededWorkspace;
let owner: SeededUser;

test.beforeAll(async () => {
  workspace = await seedWorkspace(`e2e invitations ${run}`, "Europe/Berlin");
  owner = await seedUser([workspace.workspaceId], { email: `owner-${run}@e2e.cadence.local` });
});

test.afterAll(async () => {
  await removeWorkspaces([workspace.workspaceId], [owner.userId]);
  await deleteMessagesTo(inviteeEmail);
  await deleteMessagesTo(owner.email);
});

test("an invitee follows the mailed link, sets a password and joins; the link is then used up", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, owner);
  const res = await page.request.post("/api/workspace/invitations", {
    data: { email: inviteeEmail, role: "EDITOR" },
    headers: { origin: baseURL ?? "" },
  });
  expect(res.status()).toBe(201);

  const link = linkIn(await waitForMessageTo(inviteeEmail), "/invite/");
  expect(link.startsWith(`${baseURL}/invite/`)).toBe(true);

  const invitee = await browser.newContext();
  const tab = await invitee.newPage();
  await tab.goto(link);
  await expect(tab.getByRole("heading", { name: `Join e2e invitations ${run}` })).toBeVisible();
  await expect(tab.getByText("as Editor")).toBeVisible();
  expect(await axeViolations(tab), "invitation page").toEqual([]);
  await tab.getByLabel("Your name").fill("Ivy Invitee");
  await tab.getByLabel("Choose a password").fill("ivy-password-123");
  await tab.getByRole("button", { name: "Create account and join" }).click();
  await tab.waitForURL((url) => url.pathname === "/");
  await expect(tab.getByRole("button", { name: "Sign out" })).toBeVisible();
  const session = await tab.request.get("/api/auth/session");
  expect((await session.json()).workspace.id).toBe(workspace.workspaceId);

  await tab.goto(link);
  await expect(tab.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
  await invitee.close();
});

test("the Owner invites from Settings → Team; the pending row appears, and Revoke removes it", async ({ page }) => {
  const email = `team-page-${run}@e2e.cadence.local`;
  await signIn(page, owner, "/settings/team");
  const form = page.getByRole("form", { name: "Invite" });
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#invite-email-error")).toHaveText("Enter an email address");

  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("VIEWER");
  await expect(form.getByLabel("Role").locator("option[value=OWNER]")).toHaveCount(0);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email} as Viewer` })).toBeFocused();
  expect(await axeViolations(page), "team page with invitations").toEqual([]);

  const row = page.locator(`[data-invitation="${email}"]`);
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("Invited by");

  // The same email again is a 409, shown at the email field.
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-email-error")).toContainText("already has a pending invitation");

  await row.getByRole("button", { name: `Revoke invitation to ${email}` }).click();
  await row.getByRole("button", { name: `Confirm: revoke invitation to ${email}` }).click();
  await expect(row).toHaveCount(0);
  await deleteMessagesTo(email);
});

test("Forgot password? mails a link whose page sets a new password", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
  expect(await axeViolations(page), "forgot-password page").toEqual([]);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If an account has this email")).toBeVisible();

  const link = linkIn(await waitForMessageTo(owner.email), "/reset/");
  await page.goto(link);
  expect(await axeViolations(page), "reset page").toEqual([]);
  await page.getByLabel("New password", { exact: true }).fill("owner-new-password-1");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password is changed")).toBeVisible();
  await signIn(page, { email: owner.email, password: "owner-new-password-1" });
});
