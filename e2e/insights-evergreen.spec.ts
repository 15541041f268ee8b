import { expect, type Page, test } from "@playwright/test";
import { seedInsights, signIn } from "./helpers";

// Insights (heatmap) and Evergreen (rotate now) in the built app, signed in as a seeded user. Seeds run through
// the test factories in a tsx child (e2e/seed-insights.ts), like e2e/factories.ts.

type SeededUser = { workspaceId: string; userId: string; email: string; password: string };
type Slot = { dayOfWeek: number; hour: number; score: number };

const workspaceIds: string[] = [];
const userIds: string[] = [];
function remember(user: SeededUser) {
  workspaceIds.push(user.workspaceId);
  userIds.push(user.userId);
}

test.afterAll(async () => {
  if (workspaceIds.length) await seedInsights({ op: "cleanup", workspaceIds, userIds });
});

/** How many px the page is wider than the viewport (0 when nothing sticks out sideways). */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const DAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

test("the heatmap highlights the seeded best slot, with tooltip, top slots, charts and phone scrolling", async ({
  page,
}, testInfo) => {
  const user = await seedInsights<SeededUser & { best: Slot; basedOnPosts: number }>({
    op: "insights",
    timezone: "Europe/Berlin",
    withHistory: true,
  });
  remember(user);
  // The demo pattern: Instagram Tuesday and Thursday 18:00-20:00 Berlin time are clearly best.
  expect([2, 4]).toContain(user.best.dayOfWeek);
  expect([18, 19]).toContain(user.best.hour);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user, "/insights");
  await expect(page.getByRole("heading", { name: "Insights" })).toBeVisible();
  await expect(page.getByLabel("Platform")).toHaveValue("INSTAGRAM");
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", "Europe/Berlin");

  const heatmap = page.getByTestId("optimal-time-heatmap");
  const best = heatmap.locator('[data-best="true"]');
  await expect(best).toHaveCount(1);
  await expect(best).toHaveAttribute("data-slot", `${user.best.dayOfWeek}-${user.best.hour}`);
  const label = `${DAY[user.best.dayOfWeek]} ${user.best.hour}:00, score 100`;
  await expect(best).toHaveAttribute("aria-label", new RegExp(`^${label}, best slot`));
  await expect(heatmap.locator("[data-slot]")).toHaveCount(168);
  await expect(page.getByTestId("heatmap-fallback")).toHaveCount(0);
  await expect(page.getByTestId("insights-basis")).toContainText(`Based on ${user.basedOnPosts} published posts`);
  await expect(page.getByTestId("top-slots").locator("li").first()).toContainText(
    `${DAY[user.best.dayOfWeek]} ${user.best.hour}:00`,
  );

  // Keyboard: the heatmap is one tab stop that starts on the best cell; arrows move; the tooltip follows focus.
  await best.focus();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toContainText("Average engagement");
  await expect(tooltip).toContainText("Confidence");
  await page.keyboard.press("ArrowRight");
  await expect(heatmap.locator(`[data-slot="${user.best.dayOfWeek}-${user.best.hour + 1}"]`)).toBeFocused();

  await expect(page.getByText("By hour of day")).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.mouse.move(0, 0);
  await page.keyboard.press("Escape");
  await heatmap.screenshot({ path: testInfo.outputPath("heatmap-1280.png") });
  await page.screenshot({ path: testInfo.outputPath("insights-1280.png"), fullPage: true });

  // Phone width: the page fits, the heatmap scrolls sideways inside its card, starting at the best cell.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(best).toHaveCount(1);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  // The best cell was scrolled into view inside the heatmap.
  await expect(best).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("insights-390.png"), fullPage: true });
});

test("an empty workspace sees the fallback defaults labelled as such", async ({ page }, testInfo) => {
  const user = await seedInsights<SeededUser>({ op: "insights", timezone: "America/New_York", withHistory: false });
  remember(user);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user, "/insights");
  await expect(page.getByTestId("heatmap-fallback")).toContainText("Suggested defaults — not enough data yet");
  await expect(page.getByTestId("insights-basis")).toContainText("Not enough data yet");
  await expect(page.getByText("No engagement measured yet")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Suggested default slots" })).toBeVisible();
  // Fallback cells say they were not measured.
  const best = page.getByTestId("optimal-time-heatmap").locator('[data-best="true"]');
  await expect(best).toHaveAttribute("aria-label", /Suggested default — not measured/);
  await page.getByTestId("optimal-time-heatmap").screenshot({ path: testInfo.outputPath("heatmap-fallback.png") });
});

test("Rotate now schedules the evergreen posts, lists when and what was skipped, and the calendar shows them", async ({
  page,
}, testInfo) => {
  const user = await seedInsights<SeededUser & { fresh: string[]; recentId: string }>({
    op: "evergreen",
    timezone: "Europe/Berlin",
    fresh: 3,
  });
  remember(user);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user, "/evergreen");

  const library = page.getByTestId("evergreen-library");
  await expect(library.locator("tbody tr")).toHaveCount(4);
  await expect(library.locator(`tr[data-post-id="${user.recentId}"]`)).toContainText("Published recently");

  await page.getByLabel("Posts to schedule").fill("5");
  const button = page.getByRole("button", { name: "Rotate now" });
  const rotated = page.waitForResponse((r) => r.url().endsWith("/api/scheduling/evergreen/rotate"));
  await button.click();
  const response = await rotated;
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    scheduled: { post: { id: string }; scheduledAt: string }[];
    skipped: { postId: string; reason: string }[];
  };
  expect(body.scheduled.map((s) => s.post.id).sort()).toEqual([...user.fresh].sort());
  expect(body.skipped).toEqual([expect.objectContaining({ postId: user.recentId, reason: "published_recently" })]);

  const result = page.getByTestId("rotation-result");
  await expect(result.getByRole("heading", { name: "Scheduled 3 posts" })).toBeVisible();
  await expect(result.getByTestId("rotation-scheduled")).toHaveCount(3);
  // Each scheduled time is shown in the workspace's zone (Berlin: CET/CEST), as the exact instant.
  for (const s of body.scheduled)
    await expect(result.locator(`time[datetime="${s.scheduledAt}"]`)).toHaveText(
      /\d{2}:\d{2} (CET|CEST|GMT\+1|GMT\+2)/,
    );
  await result.getByText("Skipped 1 post").click();
  await expect(result.getByTestId("rotation-skipped")).toContainText("Published recently");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Scheduled 3 evergreen posts" })).toBeVisible();
  // The library refreshed at once: every rotated post now has its next time.
  for (const id of user.fresh) await expect(library.locator(`tr[data-post-id="${id}"] time`)).toBeVisible();
  await expect(button).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("evergreen-result-1280.png"), fullPage: true });

  // The API agrees, and the calendar shows them (list view, this week or the next).
  const posts = (await (await page.request.get("/api/posts?status=SCHEDULED")).json()) as {
    posts: { id: string; scheduledAt: string }[];
  };
  expect(posts.posts.map((p) => p.id).sort()).toEqual([...user.fresh].sort());
  await page.goto("/");
  await page.getByRole("button", { name: "List" }).click();
  const first = [...body.scheduled].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt))[0];
  const event = page.locator(`[data-post-id="${first?.post.id}"]`);
  for (let week = 0; week < 2 && !(await event.isVisible()); week++) {
    await page.waitForTimeout(1_000);
    if (!(await event.isVisible())) await page.locator(".fc-next-button").click();
  }
  await expect(event).toBeVisible();
  await expect(event).toHaveAttribute("data-status", "SCHEDULED");
  await page.screenshot({ path: testInfo.outputPath("calendar-after-rotation.png"), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/evergreen");
  await expect(library.locator("tbody tr")).toHaveCount(4);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("evergreen-390.png"), fullPage: true });
});
