import { expect, test } from "@playwright/test";
import { createPost, schedulePost, waitForWorker } from "./api";
import {
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedChannel,
  seedUser,
  seedWorkspace,
} from "./factories";
import { axeViolations, signIn } from "./helpers";

// The sent card names accounts, not only networks (README "Composer"): an agency posts the same text to two brands'
// accounts on one network; the card's publication results show each channel's avatar and account name (as the
// calendar does), so the two rows do not look the same.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e sent accounts ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId], { email: `sent-accounts-${run}@e2e.cadence.local` });
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

test("a post published to two accounts of one network shows each account's avatar and name on the sent card", async ({
  page,
  request,
}, testInfo) => {
  const brands = [
    { displayName: "Oak & Ember", accountName: `@oakandember-${run}.example` },
    { displayName: "Tidewater Co", accountName: `@tidewater-${run}.example` },
  ];
  const channels = [];
  for (const b of brands) {
    channels.push(await seedChannel({ workspaceId: ws.workspaceId, platform: "SANDBOX", ...b }));
  }
  const post = await createPost(request, ws.token, {
    content: `Two brands ${run}`,
    channelIds: channels.map((c) => c.id),
  });
  await schedulePost(request, ws.token, post.id, new Date(Date.now() + 2_000));
  await expect
    .poll(
      async () =>
        (
          (await (
            await request.get(`/api/posts/${post.id}`, { headers: { authorization: `Bearer ${ws.token}` } })
          ).json()) as {
            status: string;
          }
        ).status,
      { timeout: 30_000, intervals: [500] },
    )
    .toBe("PUBLISHED");

  await signIn(page, user);
  await page.goto(`/?post=${post.id}`);
  const card = page.getByRole("dialog", { name: "Sent post" });
  await expect(card).toBeVisible();
  const labels: string[] = [];
  for (const [i, b] of brands.entries()) {
    const row = card.locator(`.composer-result[data-channel-id="${channels[i]?.id}"]`);
    await expect(row).toContainText("Published");
    await expect(row).toContainText(b.displayName);
    await expect(row.getByText(b.accountName)).toBeVisible();
    // The account's avatar (initials on its colour here: a sandbox has no picture), named for screen readers.
    const avatar = row.locator(".cal-avatar");
    await expect(avatar).toBeVisible();
    await expect(avatar).toHaveAttribute("data-channel-name", b.displayName);
    labels.push(
      (await avatar.getAttribute("aria-label")) ?? (await row.locator(".composer-result-account").textContent()) ?? "",
    );
  }
  expect(new Set(labels).size).toBe(2);
  await page.screenshot({ path: testInfo.outputPath("sent-card-accounts.png") });

  await page.emulateMedia({ colorScheme: "light" });
  expect(await axeViolations(page), "sent card (light)").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await axeViolations(page), "sent card (dark)").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("sent-card-accounts-dark.png") });
});
