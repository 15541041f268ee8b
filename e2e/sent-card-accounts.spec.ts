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

test("a channel deleted since keeps its name on the sent card, and a channel without metrics yet is listed as such", async ({
  page,
  request,
}, testInfo) => {
  const auth = { authorization: `Bearer ${ws.token}` };
  const brands = [
    {
      // One word, as a brand written as its handle is: it can only wrap inside the word.
      displayName: "ExtraordinarilyLongNamedArtisanalBakeryCoffeeCollectiveSpringfield",
      accountName: `@extraordinarilylongnamedartisanalbakery-${run}.bsky.social`,
    },
    { displayName: "Harbour Lane", accountName: `@harbourlane-${run}.example` },
    { displayName: "Gone Brand", accountName: `@gone-${run}.example` },
  ];
  const [long, quiet, gone] = await Promise.all(
    brands.map((b) => seedChannel({ workspaceId: ws.workspaceId, platform: "SANDBOX", ...b })),
  );
  if (!long || !quiet || !gone) throw new Error("channels not seeded");
  const post = await createPost(request, ws.token, {
    content: `Three brands ${run}`,
    channelIds: [long.id, quiet.id, gone.id],
  });
  await schedulePost(request, ws.token, post.id, new Date(Date.now() + 2_000));
  let publicationId = "";
  await expect
    .poll(
      async () => {
        const body = (await (await request.get(`/api/posts/${post.id}`, { headers: auth })).json()) as {
          status: string;
          latestPublication: { id: string } | null;
        };
        publicationId = body.latestPublication?.id ?? "";
        return body.status;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe("PUBLISHED");
  // Metrics for two of the three channels (README "Engagement metrics"), then one of those channels is deleted.
  const collectedAt = new Date().toISOString();
  const ingest = await request.post("/api/metrics", {
    headers: auth,
    data: {
      snapshots: [
        { publicationId, channelId: long.id, collectedAt, reach: 1_234_567, likes: 80, followers: 5_400 },
        { publicationId, channelId: gone.id, collectedAt, likes: 5 },
      ],
    },
  });
  expect(ingest.status(), await ingest.text()).toBe(201);
  const removed = await request.delete(`/api/channels/${gone.id}`, { headers: auth });
  expect(removed.status(), await removed.text()).toBe(200);

  await signIn(page, user);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?post=${post.id}`);
  const card = page.getByRole("dialog", { name: "Sent post" });
  // The deleted channel's result and figures are still named after it, not after its network's code ("SANDBOX").
  const goneResult = card.locator(`.composer-result[data-channel-id="${gone.id}"]`);
  await expect(goneResult).toContainText("Gone Brand");
  await expect(goneResult).not.toContainText("SANDBOX");
  const figures = card.getByTestId("channel-metrics");
  await expect(figures.filter({ hasText: "Gone Brand" })).toContainText("Likes");
  await expect(card.getByTestId("sent-metrics")).not.toContainText("SANDBOX");
  // The account with no reading yet is listed, not left out of the metrics.
  await expect(figures).toHaveCount(3);
  await expect(figures.filter({ hasText: "Harbour Lane" })).toContainText("No metrics yet");
  await expect(figures.filter({ hasText: brands[0]?.displayName ?? "" })).toContainText("1,234,567");
  // At phone width the long name and handle wrap inside the card: nothing past the screen's sides (on main the name
  // ran to x=551 and pushed the metrics row, figures and all, to x=610).
  const outside = await card.evaluate((dialog) => {
    const width = document.documentElement.clientWidth;
    return [...dialog.querySelectorAll("*")]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && (r.left < -0.5 || r.right > width + 0.5)).length;
  });
  expect(outside).toBe(0);
  await page.screenshot({ path: testInfo.outputPath("sent-card-deleted-channel-phone.png") });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await axeViolations(page), `sent card at 390 px (${scheme})`).toEqual([]);
  }
});
