import { expect, type Page, test } from "@playwright/test";
import { createPost, getPostStatus, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, revokeTokens, type SeededWorkspace, seedWorkspace } from "./factories";

// The dashboard against the built app, the real worker and the real services. The browser runs in a zone
// other than the workspace's, so a time shown in the browser's zone instead of the post's would not match.
test.use({ timezoneId: "America/Los_Angeles" });

const BERLIN = "Europe/Berlin";
let berlin: SeededWorkspace;
let other: SeededWorkspace;
const seeded: string[] = [];
const run = Date.now().toString(36);

test.beforeAll(async ({ request }) => {
  [berlin, other] = await Promise.all([
    seedWorkspace(`e2e berlin ${run}`, BERLIN),
    seedWorkspace(`e2e other ${run}`, "America/New_York"),
  ]);
  seeded.push(berlin.workspaceId, other.workspaceId);
  await waitForWorker(request, berlin.token);
});

test.afterAll(async () => {
  await removeWorkspaces(seeded);
});

async function enterToken(page: Page, token: string) {
  await page.goto("/");
  const input = page.getByLabel("API token");
  await expect(input).toHaveAttribute("type", "password");
  await input.fill(token);
  await page.getByRole("button", { name: "Open dashboard" }).click();
}

function berlinClock(iso: string) {
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: BERLIN,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const zone = new Intl.DateTimeFormat("en-GB", { timeZone: BERLIN, timeZoneName: "short" });
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: BERLIN,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const abbr = zone.formatToParts(new Date(iso)).find((p) => p.type === "timeZoneName")?.value ?? "";
  return { time: time.format(new Date(iso)), abbr, day: day.format(new Date(iso)) };
}

test("a wrong token is refused and shows nothing", async ({ page }) => {
  await enterToken(page, "cad_this-token-does-not-exist");
  await expect(page.getByText("Token not accepted")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Posts" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Publish queue" })).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem("cadence.apiToken"))).toBeNull();
});

test("a post scheduled 4 s ahead shows at its Berlin time and turns PUBLISHED without a reload", async ({
  page,
  request,
}, testInfo) => {
  const content = `e2e launch ${run}`;
  await enterToken(page, berlin.token);
  await expect(page.getByRole("heading", { name: "Posts" })).toBeVisible();

  const draft = await createPost(request, berlin.token, { content, channelIds: [berlin.channelId] });
  const scheduled = await schedulePost(request, berlin.token, draft.id, new Date(Date.now() + 4_000));
  expect(scheduled.timezone).toBe(BERLIN);
  // The token is kept for the tab, so a reload lands on the dashboard, which now lists the new post.
  await page.reload();
  const row = page.locator(`[data-post-id="${draft.id}"]`);
  await expect(row).toHaveAttribute("data-status", "SCHEDULED");

  const expected = berlinClock(scheduled.scheduledAt as string);
  await expect(row.locator("time")).toHaveText(`${expected.time} ${expected.abbr}`);
  await expect(page.locator("section.day", { has: row }).locator("h4")).toContainText(expected.day);
  await expect(row.getByText("sandbox", { exact: true })).toBeVisible();

  // From here on the page is never reloaded: the marker would be gone.
  await page.evaluate(() => {
    (window as unknown as { cadenceMarker: string }).cadenceMarker = "same page";
  });
  await expect(row).toHaveAttribute("data-status", "PUBLISHED", { timeout: 30_000 });
  await expect(row.locator("[data-status]").first()).toHaveText(/published/i);
  expect(await page.evaluate(() => (window as unknown as { cadenceMarker?: string }).cadenceMarker)).toBe("same page");
  await expect(page.getByRole("heading", { name: /Workers \([1-9]\d* live\)/ })).toBeVisible();

  const shot = testInfo.outputPath("dashboard-published.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("dashboard", { path: shot, contentType: "image/png" });
});

test("another workspace's token never shows the first one's posts", async ({ page, request }) => {
  const mine = await createPost(request, other.token, {
    content: `other workspace ${run}`,
    channelIds: [other.channelId],
  });
  await schedulePost(request, other.token, mine.id, new Date(Date.now() + 2 * 3_600_000));
  const theirs = await createPost(request, berlin.token, {
    content: `berlin private ${run}`,
    channelIds: [berlin.channelId],
  });
  await schedulePost(request, berlin.token, theirs.id, new Date(Date.now() + 3_600_000));

  await enterToken(page, other.token);
  await expect(page.locator(`[data-post-id="${mine.id}"]`)).toHaveAttribute("data-status", "SCHEDULED");
  await expect(page.getByText(`berlin private ${run}`)).toHaveCount(0);
  await expect(page.locator(`[data-post-id="${theirs.id}"]`)).toHaveCount(0);
  expect(await getPostStatus(request, other.token, theirs.id)).toBe(404);

  await page.getByRole("button", { name: "Forget token" }).click();
  await expect(page.getByLabel("API token")).toHaveValue("");
  expect(await page.evaluate(() => sessionStorage.getItem("cadence.apiToken"))).toBeNull();
});

test("a token revoked while the dashboard is open sends the person back to the token form", async ({ page }) => {
  const revoked = await seedWorkspace(`e2e revoked ${run}`, BERLIN);
  seeded.push(revoked.workspaceId);
  await enterToken(page, revoked.token);
  await expect(page.getByText("No posts in the last week or the next month")).toBeVisible();

  await revokeTokens(revoked.workspaceId);
  await expect(page.getByText("Token not accepted")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel("API token")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Posts" })).toHaveCount(0);
});
