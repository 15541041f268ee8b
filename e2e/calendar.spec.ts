import { expect, type Locator, type Page, test } from "@playwright/test";
import { nextOccurrence } from "@/components/composer/next-occurrence";
import { createChannel, createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { publishJobStates, signIn } from "./helpers";

// The calendar and composer in the built app, with the real worker: a post composed and scheduled by clicking a
// heatmap cell, shown in week view at its Berlin time in a Los Angeles browser, dragged to the next day (API and
// queue agree on the new version), and a post turning PUBLISHED on the grid without a reload.
test.use({ timezoneId: "America/Los_Angeles" });

const BERLIN = "Europe/Berlin";
const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

type ApiPost = { id: string; status: string; scheduledAt: string | null; version: number; content: string };

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e calendar ${run}`, BERLIN);
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

async function getPost(page: Page, id: string): Promise<ApiPost> {
  const res = await page.request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

/** Pages the week view forward until `locator` is on the grid (the post may fall in next week). */
async function showWeekWith(page: Page, locator: Locator) {
  for (let i = 0; i < 3 && (await locator.count()) === 0; i++) {
    await page.locator(".fc-next-button").click();
    await page.waitForTimeout(400);
  }
  await expect(locator).toHaveCount(1);
}

test("compose, schedule from a heatmap cell, see it at its Berlin time in week view, drag it a day later", async ({
  page,
}, testInfo) => {
  await signIn(page, user);
  await expect(page.getByRole("heading", { name: "Calendar" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Time zone" })).toContainText("Europe/Berlin");

  const content = `Heatmap pick ${run}`;
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog", { name: "New post" });
  await dialog.getByLabel("Content").fill(content);
  await dialog.getByRole("checkbox", { name: /E2E sandbox/ }).check();
  await expect(dialog.getByText(`${content.length} / 10000`)).toBeVisible();

  // Wednesday 10:00 in Berlin: the cell sets the date and time of its next future occurrence in the zone.
  const expected = nextOccurrence({ dayOfWeek: 3, hour: 10, timeZone: BERLIN });
  if (!expected) throw new Error("no next Wednesday 10:00");
  await dialog.locator('[data-slot="3-10"]').click();
  await expect(dialog.getByLabel("Date")).toHaveValue(expected.date);
  await expect(dialog.getByLabel("Time", { exact: true })).toHaveValue("10:00");
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(dialog).toBeHidden();

  const list = await page.request.get("/api/posts?status=SCHEDULED", {
    headers: { authorization: `Bearer ${ws.token}` },
  });
  const created = ((await list.json()) as { posts: ApiPost[] }).posts.find((p) => p.content === content);
  if (!created) throw new Error("the composed post was not created");
  expect(created.scheduledAt).toBe(expected.instant.toISOString());

  // Week view, Berlin time (the browser is in Los Angeles): on the Wednesday column at 10:00.
  const event = page.locator(`.fc-timegrid-event [data-post-id="${created.id}"]`);
  await showWeekWith(page, event);
  await expect(event).toHaveAttribute("data-status", "SCHEDULED");
  await expect(event.locator(".cal-ev-time")).toHaveText(/^10:00/);
  await expect(page.locator(`.fc-timegrid-col[data-date="${expected.date}"]`).locator(event)).toHaveCount(1);

  // Drag it to the same time on Thursday, the next column of the same (Monday-first) week.
  const nextDay = new Date(`${expected.date}T12:00:00Z`);
  nextDay.setUTCDate(nextDay.getUTCDate() + 1);
  const targetDate = nextDay.toISOString().slice(0, 10);
  const target = page.locator(`.fc-timegrid-col[data-date="${targetDate}"]`);
  const from = await event.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("event or target column not on screen");
  const startX = from.x + from.width / 2;
  const startY = from.y + 6;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + 10, startY, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, startY, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByText(/Rescheduled to/)).toBeVisible();

  // The API and the queue agree: one version later, the same Berlin wall clock a day later, and a delayed job
  // for the new version only (the old version's job is gone).
  await expect
    .poll(async () => (await getPost(page, created.id)).version, { timeout: 10_000 })
    .toBe(created.version + 1);
  const moved = await getPost(page, created.id);
  expect(moved.status).toBe("SCHEDULED");
  const local = (moved as unknown as { scheduledAtLocal: string }).scheduledAtLocal;
  expect(local.slice(0, 16)).toBe(`${targetDate}T10:00`);
  const states = await publishJobStates(created.id, [created.version, moved.version]);
  expect(states[String(moved.version)]).toBe("delayed");
  expect(states[String(created.version)]).toBeNull();
  await expect(page.locator(`.fc-timegrid-col[data-date="${targetDate}"]`).locator(event)).toHaveCount(1);

  const shot = testInfo.outputPath("calendar-week.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("calendar week view", { path: shot, contentType: "image/png" });
});

test("a post due in a few seconds turns PUBLISHED on the calendar without a reload", async ({ page, request }) => {
  await signIn(page, user);
  await page.getByRole("button", { name: "Day", exact: true }).click();
  await page.evaluate(() => {
    (window as unknown as { calendarMarker: string }).calendarMarker = "same page";
  });

  const draft = await createPost(request, ws.token, { content: `Soon ${run}`, channelIds: [ws.channelId] });
  await schedulePost(request, ws.token, draft.id, new Date(Date.now() + 6_000));
  const event = page.locator(`[data-post-id="${draft.id}"]`).first();
  await expect(event).toHaveAttribute("data-status", /SCHEDULED|PUBLISHING|PUBLISHED/, { timeout: 15_000 });
  await expect(event).toHaveAttribute("data-status", "PUBLISHED", { timeout: 30_000 });
  await expect(event.locator(".cal-status")).toHaveText("Published");
  expect(await page.evaluate(() => (window as unknown as { calendarMarker?: string }).calendarMarker)).toBe(
    "same page",
  );
});

/**
 * Drags `item` (a draft in the list) onto next week's third column (Wednesday: every column of next week is in
 * the future) at 14:00 Berlin; returns that column's date.
 */
async function dragToNextWednesday1400(page: Page, item: Locator): Promise<string> {
  await page.locator(".fc-next-button").click();
  const column = page.locator(".fc-timegrid-col[data-date]").nth(2);
  const date = await column.getAttribute("data-date");
  if (!date) throw new Error("no date on the column");
  const lane = page.locator('.fc-timegrid-slot-lane[data-time="14:00:00"]');
  await lane.scrollIntoViewIfNeeded();
  const from = await item.boundingBox();
  const col = await column.boundingBox();
  const row = await lane.boundingBox();
  if (!from || !col || !row) throw new Error("draft, column or 14:00 row not on screen");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 - 20, from.y + from.height / 2, { steps: 4 });
  await page.mouse.move(col.x + col.width / 2, row.y + 3, { steps: 15 });
  await page.mouse.up();
  return date;
}

test("a draft dragged from the list onto a week slot is scheduled at that Berlin time", async ({ page, request }) => {
  const draft = await createPost(request, ws.token, { content: `Dragged draft ${run}`, channelIds: [ws.channelId] });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  const item = page.locator(`.cal-drafts .cal-draft[data-post-id="${draft.id}"]`);
  await expect(item).toBeVisible();
  await expect(page.getByText("Drag a draft onto the calendar to schedule it there.")).toBeVisible();

  const date = await dragToNextWednesday1400(page, item);
  await expect(page.getByText(/Scheduled for/)).toBeVisible();

  await expect.poll(async () => (await getPost(page, draft.id)).status, { timeout: 10_000 }).toBe("SCHEDULED");
  const scheduled = (await getPost(page, draft.id)) as ApiPost & { scheduledAtLocal: string; timezone: string };
  expect(scheduled.scheduledAtLocal.slice(0, 16)).toBe(`${date}T14:00`);
  expect(scheduled.timezone).toBe(BERLIN);
  // Off the drafts list, on the grid once (the stand-in is gone, the real event is there), in that column.
  await expect(item).toHaveCount(0);
  const event = page.locator(`.fc-timegrid-event [data-post-id="${draft.id}"]`);
  await expect(event).toHaveCount(1);
  await expect(page.locator(`.fc-timegrid-col[data-date="${date}"]`).locator(event)).toHaveCount(1);
  await expect(page.locator("[data-draft-id]")).toHaveCount(0);
});

test("a draft that cannot be scheduled snaps back to the list with the API's reason", async ({ page, request }) => {
  const draft = await createPost(request, ws.token, { content: `No channel ${run}`, channelIds: [] });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  const item = page.locator(`.cal-drafts .cal-draft[data-post-id="${draft.id}"]`);
  await expect(item).toBeVisible();
  await dragToNextWednesday1400(page, item);
  await expect(page.getByText(/Not scheduled: .*no active channel/)).toBeVisible();
  // Nothing changed: still a draft, still listed, no stand-in left on the grid.
  const after = await getPost(page, draft.id);
  expect(after).toMatchObject({ status: "DRAFT", scheduledAt: null, version: 0 });
  await expect(item).toBeVisible();
  await expect(page.locator("[data-draft-id]")).toHaveCount(0);
});

test("a scheduled post whose only channel is deleted is back in the drafts list, saying why", async ({
  page,
  request,
}) => {
  const doomed = await createChannel(request, ws.token, { platform: "SANDBOX", displayName: `Doomed ${run}` });
  const post = await createPost(request, ws.token, { content: `Orphaned ${run}`, channelIds: [doomed.id] });
  await schedulePost(request, ws.token, post.id, new Date(Date.now() + 3_600_000));
  const res = await request.delete(`/api/channels/${doomed.id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(res.status()).toBe(200);
  expect((await res.json()).affectedPosts).toMatchObject([{ id: post.id, status: "DRAFT" }]);

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  const item = page.locator(`.cal-drafts .cal-draft[data-post-id="${post.id}"]`);
  await expect(item.getByTestId("draft-reason")).toHaveText(
    `Channel "Doomed ${run}" (SANDBOX) was deleted and the post had no other active channel; add a channel and schedule it again`,
  );
});

test("at phone width the calendar is a list that fits the screen, drafts below it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, user);
  await expect(page.getByRole("button", { name: "List", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "Week", exact: true })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /Drafts/ })).toBeVisible();
  await expect(page.getByText("Drag a draft onto the calendar to schedule it there.")).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const shot = testInfo.outputPath("calendar-phone.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("calendar at 390 px", { path: shot, contentType: "image/png" });
});
