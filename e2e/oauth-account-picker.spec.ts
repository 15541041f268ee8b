import { expect, test } from "@playwright/test";
import {
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedAccountChoice,
  seedUser,
  seedWorkspace,
} from "./factories";
import { signIn } from "./helpers";

// The account picker of an OAuth login that brought several accounts (Settings → Channels?choose=<id>): the accounts
// with their kind, a refused one shown with its reason and not pickable; picking connects the ticked ones. The
// choice is seeded as the callback leaves it; the whole flow through each platform's stub is in the lead's e2e.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

const account = (over: Record<string, unknown>) => ({
  avatarUrl: null,
  config: {},
  credentials: { accessToken: "e2e-token", refreshToken: null, expiresAt: null, scope: null },
  refusal: null,
  ...over,
});

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e picker ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
});
test.afterAll(async () => {
  await removeWorkspaces([ws.workspaceId], [user.userId]);
});

test("picks accounts from one login: refused ones show the reason and cannot be ticked", async ({ page }) => {
  const { choiceId } = await seedAccountChoice({
    workspaceId: ws.workspaceId,
    userId: user.userId,
    accounts: [
      account({
        platform: "FACEBOOK",
        accountId: "p1",
        accountName: "Bakery",
        displayName: "Bakery",
        kind: "Facebook Page",
      }),
      account({
        platform: "INSTAGRAM",
        accountId: "i1",
        accountName: "@bakery",
        displayName: "bakery",
        kind: "Instagram business account",
      }),
      account({
        platform: "INSTAGRAM",
        accountId: "i2",
        accountName: "@private",
        displayName: "private",
        kind: "Instagram personal account",
        refusal: "switch it to a professional account",
      }),
    ],
  });
  await signIn(page, user, `/settings/channels?choose=${choiceId}`);
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.locator("li[data-account-id]")).toHaveCount(3);
  const refused = dialog.locator('li[data-account-id="i2"]');
  await expect(refused).toContainText("Cannot be connected: switch it to a professional account");
  await expect(refused.getByRole("checkbox")).toBeDisabled();
  await expect(dialog.locator('li[data-account-id="p1"]').getByRole("checkbox")).toBeChecked();
  await dialog.getByRole("button", { name: "Connect 2 accounts" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  await expect(page.locator("li[data-channel-id]")).toHaveCount(3); // the sandbox and the two picked
  await expect(page.getByRole("heading", { name: "Bakery", level: 3, exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "bakery", level: 3, exact: true })).toBeVisible();

  // The same choice cannot be used again.
  await page.goto(`/settings/channels?choose=${choiceId}`);
  await expect(page.getByRole("dialog")).toContainText("already picked");
});
