import { expect, type Page, test } from "@playwright/test";
import { nextOccurrence } from "@/components/composer/next-occurrence";
import { removeWorkspaces, seedUser, seedWorkspace } from "./factories";
import { seedInsights, signIn, axeViolations as violations } from "./helpers";

// Issue 13's small things in the built app: keyboard shortcuts, the heatmap's "schedule a post at this slot" (with
// Insights opening on the platform with the most data and explaining its numbers), and dark mode following the system.

type SeededUser = { workspaceId: string; userId: string; email: string; password: string };

const workspaceIds: string[] = [];
const userIds: string[] = [];
async function seed(command: Record<string, unknown>): Promise<SeededUser> {
  const user = await seedInsights<SeededUser>({
    op: "insights",
    timezone: "Europe/Berlin",
    withHistory: false,
    ...command,
  });
  workspaceIds.push(user.workspaceId);
  userIds.push(user.userId);
  return user;
}

test.afterAll(async () => {
  if (workspaceIds.length) await seedInsights({ op: "cleanup", workspaceIds, userIds });
});

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test("keyboard shortcuts: ? lists them, n opens a new post, / focuses the filter, none fire while typing", async ({
  page,
}) => {
  const user = await seed({});
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  await expect(page.locator(".fc-timegrid, .fc-list").first()).toBeVisible();

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.locator("kbd")).toHaveText(["n", "/", "?"]);
  expect(await violations(page), "shortcuts dialog").toEqual([]);
  // Inside the help dialog, n is not a shortcut (no composer behind it).
  await page.keyboard.press("n");
  await expect(page.getByRole("dialog", { name: "New post" })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  await page.keyboard.press("n");
  const composer = page.getByRole("dialog", { name: "New post" });
  await expect(composer).toBeVisible();
  // Typing the shortcut keys into the caption types them: no help dialog, no second composer, nothing focused away.
  const content = composer.getByLabel("Content");
  await content.click();
  await page.keyboard.type("n?/ done");
  await expect(content).toHaveValue("n?/ done");
  await expect(content).toBeFocused();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(1);
  await content.fill("");
  await page.keyboard.press("Escape");
  await expect(composer).toBeHidden();

  // No search box yet: / focuses the page's first filter (the calendar's time zone).
  await page.keyboard.press("/");
  await expect(page.getByRole("combobox", { name: "Time zone" }).first()).toBeFocused();

  // On Insights, / focuses its first filter (the platform); typing in that select does not open anything.
  await page.goto("/insights");
  await expect(page.locator("[data-slot]")).toHaveCount(168);
  await page.locator("body").click({ position: { x: 5, y: 400 } });
  await page.keyboard.press("/");
  await expect(page.getByLabel("Platform")).toBeFocused();
  await page.keyboard.press("n");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a Viewer's n opens no composer (a note says why) and their heatmap offers no slot to schedule", async ({
  page,
}) => {
  const ws = await seedWorkspace(`e2e small-things viewer ${Date.now()}`, "Europe/Berlin");
  const viewer = await seedUser([ws.workspaceId], { role: "VIEWER" });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, viewer);
    await expect(page.locator(".fc-timegrid, .fc-list").first()).toBeVisible();
    await page.keyboard.press("n");
    await expect(
      page.locator("[data-sonner-toast]").filter({ hasText: "Your role cannot create posts" }),
    ).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.goto("/insights");
    await expect(page.locator("[data-slot]")).toHaveCount(168);
    // Cells are pictures, not buttons (for a writer they are buttons: the test above clicks one).
    await expect(page.locator("button[data-slot]")).toHaveCount(0);
    await expect(page.getByTestId("slot-offer")).toHaveCount(0);
  } finally {
    await removeWorkspaces([ws.workspaceId], [viewer.userId]);
  }
});

test.describe("in a British browser", () => {
  test.use({ locale: "en-GB" });

  test("a message from the API naming times shows them in the person's locale and the workspace's zone, not as ISO", async ({
    page,
  }) => {
    // A post published yesterday: rotation skips it with "published <ISO>, …; eligible again from <ISO>".
    const user = await seedInsights<SeededUser & { recentId: string }>({
      op: "evergreen",
      timezone: "America/New_York",
      fresh: 1,
    });
    workspaceIds.push(user.workspaceId);
    userIds.push(user.userId);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, user, "/evergreen");
    // The queue answers and a worker is live (a cold first enqueue can time out on a busy machine).
    await expect
      .poll(
        async () => {
          const res = await page.request.get("/api/scheduling/queue");
          return res.ok() ? ((await res.json()) as { liveWorkers: number }).liveWorkers : 0;
        },
        { timeout: 45_000, intervals: [250, 500, 1000] },
      )
      .toBeGreaterThan(0);
    await page.getByLabel("Posts to schedule").fill("2");
    const rotated = page.waitForResponse((r) => r.url().endsWith("/api/scheduling/evergreen/rotate"));
    await page.getByRole("button", { name: "Rotate now" }).click();
    const answer = await rotated;
    expect(answer.status(), await answer.text()).toBe(200);
    const body = (await answer.json()) as { skipped: { postId: string; message: string }[] };
    // The API keeps ISO (for programs) …
    const message = body.skipped.find((s) => s.postId === user.recentId)?.message ?? "";
    const isos = message.match(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g) ?? [];
    expect(isos).toHaveLength(2);

    // … the page writes both instants for a person: en-GB, New York time.
    const result = page.getByTestId("rotation-result");
    await result.getByText("Skipped 1 post").click();
    const skipped = result.getByTestId("rotation-skipped");
    const inNewYork = (iso: string) =>
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "America/New_York",
        weekday: "short",
        day: "numeric",
        month: "short",
        ...(new Date(iso).getUTCFullYear() === new Date().getUTCFullYear() ? {} : { year: "numeric" }),
        hour: "numeric",
        minute: "2-digit",
        timeZoneName: "short",
      }).format(new Date(iso));
    for (const iso of isos) await expect(skipped).toContainText(inNewYork(iso));
    await expect(skipped).toContainText(/ (EST|EDT|GMT-[45]), less than \d+ days ago; eligible again from /);
    await expect(skipped).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
  });
});

test.describe("in a German browser", () => {
  // The offer's date is in the person's locale (the browser's), not a fixed English one.
  test.use({ locale: "de-DE" });

  test("Insights open on the platform with the most data, explain their numbers, and a heatmap cell offers its next slot", async ({
    page,
  }) => {
    // "A Bluesky" (no history) is listed before Instagram (the seeded history's busiest platform) and LinkedIn.
    const user = await seed({
      withHistory: true,
      extraChannels: [{ platform: "BLUESKY", displayName: "A Bluesky account" }],
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, user, "/insights");
    await expect(page.getByLabel("Platform")).toHaveValue("INSTAGRAM");
    await expect(page.getByTestId("heatmap-fallback")).toHaveCount(0);

    const explainer = page.getByTestId("insights-explainer");
    await explainer.getByText("How these numbers are worked out").click();
    await expect(explainer).toContainText("(likes + comments + shares + saves + clicks) ÷ reach");
    await expect(explainer).toContainText("n ÷ (n + 5)");
    await expect(explainer).toContainText("50 % at 5 posts");

    // Every cell is a button for a role that may write posts; Tuesday 18:00 in the workspace's zone.
    await expect(page.locator("button[data-slot]")).toHaveCount(168);
    await page.locator('[data-slot="2-18"]').click();
    const offer = page.getByTestId("slot-offer");
    await expect(offer).toBeVisible();
    const expected = nextOccurrence({ dayOfWeek: 2, hour: 18, timeZone: "Europe/Berlin" });
    if (!expected) throw new Error("no Tuesday 18:00 in Europe/Berlin");
    expect(expected.instant.getTime()).toBeGreaterThan(Date.now());
    await expect(offer).toContainText("Next Tue 18:00 in Europe/Berlin");
    // Written for a person (weekday, month name, zone name), never as ISO.
    await expect(offer.locator("time")).toHaveAttribute("datetime", expected.instant.toISOString());
    await expect(offer.locator("time")).toHaveText(/^Di\., \d{1,2}\. \S+ (\d{4}, )?18:00 MES?Z$/);
    await expect(offer).not.toContainText(/\d{4}-\d{2}-\d{2}T/);
    expect(await violations(page), "insights with the slot offer").toEqual([]);

    await offer.getByRole("button", { name: "Schedule a post at this slot" }).click();
    const composer = page.getByRole("dialog", { name: "New post" });
    await expect(composer).toBeVisible();
    await expect(composer.getByLabel("Date")).toHaveValue(expected.date);
    await expect(composer.getByLabel("Time", { exact: true })).toHaveValue("18:00");
    await expect(composer.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", "Europe/Berlin");
    await page.keyboard.press("Escape");
    await expect(composer).toBeHidden();
    await expect(offer).toBeHidden();
  });
});

test("dark mode follows the system, and pages and dialogs keep their contrast in it", async ({ page }, testInfo) => {
  const user = await seed({ withHistory: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toBeVisible();
  expect(await bodyBackground(page)).toBe("rgb(246, 247, 249)");

  await page.emulateMedia({ colorScheme: "dark" });
  expect(await bodyBackground(page)).toBe("rgb(15, 18, 22)");
  expect(await violations(page), "sign-in (dark)").toEqual([]);

  await signIn(page, user);
  await expect(page.locator(".fc-timegrid, .fc-list").first()).toBeVisible();
  expect(await bodyBackground(page)).toBe("rgb(15, 18, 22)");
  expect(await violations(page), "calendar (dark)").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("calendar-dark.png") });

  await page.getByRole("button", { name: "New post" }).click();
  const composer = page.getByRole("dialog", { name: "New post" });
  await expect(composer).toBeVisible();
  expect(await composer.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(24, 28, 34)");
  expect(await violations(page), "composer (dark)").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("composer-dark.png") });
  await page.keyboard.press("Escape");

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  expect(await violations(page), "shortcuts (dark)").toEqual([]);
  await page.keyboard.press("Escape");

  await page.goto("/insights");
  await expect(page.locator("[data-slot]")).toHaveCount(168);
  await page.getByTestId("insights-explainer").getByText("How these numbers are worked out").click();
  expect(await violations(page), "insights (dark)").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("insights-dark.png"), fullPage: true });

  for (const path of ["/evergreen", "/library", "/settings/channels", "/settings/workspace"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    expect(await violations(page), `${path} (dark)`).toEqual([]);
  }

  // Back to light without reloading: the page follows the system as it changes.
  await page.emulateMedia({ colorScheme: "light" });
  expect(await bodyBackground(page)).toBe("rgb(246, 247, 249)");
});

test("the top bar fits laptop widths: no sideways scroll, Sign out on screen", async ({ page }) => {
  // With Queue and Import in the nav, the one-line bar (pages, workspace, badges, email, Sign out) was ~1,500 px wide:
  // at 1,024-1,440 px the page scrolled sideways and Sign out was off screen.
  const user = await seed({});
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  for (const width of [1024, 1280, 1440, 1600]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport({ ratio: 1 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `scroll width at ${width}`).toBe(width);
  }
});
