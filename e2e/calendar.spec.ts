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
  // The dialog is renamed once the draft is saved, before it is scheduled: wait for the outcome, not the name.
  await expect(page.getByText(/Scheduled for/)).toBeVisible();
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

  // Undo on the toast puts it back at the instant it had (one version later again).
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Rescheduled to" });
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText(/Moved back to/)).toBeVisible();
  await expect
    .poll(async () => (await getPost(page, created.id)).version, { timeout: 10_000 })
    .toBe(created.version + 2);
  expect((await getPost(page, created.id)).scheduledAt).toBe(created.scheduledAt);
  await expect(page.locator(`.fc-timegrid-col[data-date="${targetDate}"]`).locator(event)).toHaveCount(0);

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

test("at phone width the calendar opens on today's day view that fits the screen, drafts below it", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, user);
  await expect(page.getByRole("button", { name: "Day", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "List", exact: true })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByRole("button", { name: "Week", exact: true })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /Drafts/ })).toBeVisible();
  await expect(page.getByText("Drag a draft onto the calendar to schedule it there.")).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const shot = testInfo.outputPath("calendar-phone.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("calendar at 390 px", { path: shot, contentType: "image/png" });
});

const SANTIAGO = "America/Santiago";

/** Schedules `postId` at a wall-clock time read in `timezone` (the API resolves it). */
async function scheduleWallClock(page: Page, postId: string, scheduledAt: string, timezone: string) {
  const res = await page.request.post(`/api/scheduling/posts/${postId}/schedule`, {
    headers: { authorization: `Bearer ${ws.token}` },
    data: { scheduledAt, timezone },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ApiPost & { scheduledAtLocal: string };
}

/** Picks a zone in the calendar's searchable zone picker by typing part of its name. */
async function pickCalendarZone(page: Page, search: string, zone: string) {
  await page.getByRole("combobox", { name: "Time zone" }).click();
  const box = page.getByRole("combobox", { name: "Search time zones" });
  await expect(box).toBeFocused();
  await box.fill(search);
  await expect(page.getByRole("option", { name: new RegExp(zone.replace("_", " ")) })).toBeVisible();
  await box.press("Enter");
  await expect(page.getByRole("combobox", { name: "Time zone" })).toHaveAttribute("data-value", zone);
}

/** Month view, paged forward until its title reads `title` ("September 2027"). */
async function showMonth(page: Page, title: string) {
  await page.getByRole("button", { name: "Month", exact: true }).click();
  for (let i = 0; i < 24 && !((await page.locator(".fc-toolbar-title").textContent()) ?? "").includes(title); i++) {
    await page.locator(".fc-next-button").click();
  }
  await expect(page.locator(".fc-toolbar-title")).toHaveText(title);
}

test("the zone picker offers every IANA zone, searchable by keyboard", async ({ page }) => {
  await signIn(page, user);
  const trigger = page.getByRole("combobox", { name: "Time zone" });
  await trigger.click();
  const options = page.getByRole("listbox", { name: "Time zone" }).getByRole("option");
  const count = await options.count();
  const known = await page.evaluate(() => Intl.supportedValuesOf("timeZone").length);
  expect(count).toBeGreaterThanOrEqual(known);
  // Zones the old short list did not have; "UTC" too, which Chromium leaves out of supportedValuesOf.
  for (const zone of ["Pacific/Chatham", "Australia/Lord_Howe", "America/St_Johns", "UTC"])
    await expect(page.locator(`[role="option"][data-zone="${zone}"]`)).toHaveCount(1);
  const box = page.getByRole("combobox", { name: "Search time zones" });
  await box.fill("zzzz");
  await expect(page.getByText("No time zone matches")).toBeVisible();
  await box.fill("st johns");
  await box.press("ArrowDown");
  await box.press("ArrowUp");
  await box.press("Enter");
  await expect(trigger).toHaveAttribute("data-value", "America/St_Johns");
  await expect(trigger).toContainText("America/St Johns (GMT-3:30)");
  await expect(page.locator(".cal-status-line")).toContainText("America/St Johns");
  // Escape closes without choosing.
  await trigger.click();
  await page.getByRole("combobox", { name: "Search time zones" }).fill("berlin");
  await page.keyboard.press("Escape");
  await expect(trigger).toHaveAttribute("data-value", "America/St_Johns");
  await expect(trigger).toBeFocused();
});

test("a post dropped on 00:30 of the day Santiago's midnight does not exist is refused as a gap and snaps back", async ({
  page,
  request,
}) => {
  const draft = await createPost(request, ws.token, { content: `Santiago gap ${run}`, channelIds: [ws.channelId] });
  const before = await scheduleWallClock(page, draft.id, "2027-09-04T00:30", SANTIAGO);
  expect(before.scheduledAt).toBe("2027-09-04T04:30:00.000Z");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  await pickCalendarZone(page, "santiago", SANTIAGO);
  await showMonth(page, "September 2027");

  const event = page.locator(`.fc-daygrid-event [data-post-id="${draft.id}"]`);
  const saturday = page.locator('.fc-daygrid-day[data-date="2027-09-04"]');
  const sunday = page.locator('.fc-daygrid-day[data-date="2027-09-05"]');
  await expect(saturday.locator(event)).toHaveCount(1);
  await expect(event.locator(".cal-ev-time")).toHaveText("00:30");

  const from = await event.boundingBox();
  const to = await sunday.boundingBox();
  if (!from || !to) throw new Error("event or Sunday cell not on screen");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();

  await expect(
    page.getByText(
      "Not moved: Sun 5 Sep 2027, 00:30 does not exist in America/Santiago: clocks jump from 00:00 to 01:00 at Sun 5 Sep 2027, 04:00 UTC",
    ),
  ).toBeVisible();
  // Snapped back to Saturday, and nothing changed (not saved at 23:30 on the Saturday either).
  await expect(saturday.locator(event)).toHaveCount(1);
  await expect(sunday.locator(event)).toHaveCount(0);
  const after = await getPost(page, draft.id);
  expect(after).toMatchObject({ status: "SCHEDULED", scheduledAt: before.scheduledAt, version: before.version });
});

test("posts around DST transitions are drawn once, on their local date, in every view", async ({ page, request }) => {
  // Santiago, September 2027: Saturday 23:30 (-04), then midnight never happens and Sunday starts at 01:00 (-03).
  const cases = [
    { wall: "2027-09-04T23:30", date: "2027-09-04", time: "23:30" },
    { wall: "2027-09-05T01:00", date: "2027-09-05", time: "01:00" },
    { wall: "2027-09-05T23:45", date: "2027-09-05", time: "23:45" },
  ];
  const posts: { id: string; date: string; time: string }[] = [];
  for (const c of cases) {
    const draft = await createPost(request, ws.token, { content: `DST ${c.time} ${run}`, channelIds: [ws.channelId] });
    await scheduleWallClock(page, draft.id, c.wall, SANTIAGO);
    posts.push({ id: draft.id, date: c.date, time: c.time });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  await pickCalendarZone(page, "santiago", SANTIAGO);
  await showMonth(page, "September 2027");

  const drawn = (id: string) => page.locator(`.fc-event [data-post-id="${id}"]`);
  for (const p of posts) {
    await expect(drawn(p.id)).toHaveCount(1);
    await expect(page.locator(`.fc-daygrid-day[data-date="${p.date}"]`).locator(drawn(p.id))).toHaveCount(1);
  }
  // Day view of the Saturday (its number is a link), then that week, then the week's list.
  await page.locator('.fc-daygrid-day[data-date="2027-09-04"] .fc-daygrid-day-number').click();
  await expect(page.locator(".fc-toolbar-title")).toContainText("September 4, 2027");
  await expect(drawn(posts[0]?.id ?? "")).toHaveCount(1);
  await expect(drawn(posts[1]?.id ?? "")).toHaveCount(0);
  await page.getByRole("button", { name: "Week", exact: true }).click();
  for (const p of posts) {
    await expect(drawn(p.id)).toHaveCount(1);
    await expect(page.locator(`.fc-timegrid-col[data-date="${p.date}"]`).locator(drawn(p.id))).toHaveCount(1);
    await expect(drawn(p.id).locator(".cal-ev-time")).toHaveText(p.time);
  }
  await page.getByRole("button", { name: "List", exact: true }).click();
  for (const p of posts) await expect(drawn(p.id)).toHaveCount(1);
  // Each under its own day's heading: the list row follows the heading of its date.
  for (const p of posts) {
    const row = page.locator("tr.fc-list-event").filter({ has: page.locator(`[data-post-id="${p.id}"]`) });
    const heading = row.locator("xpath=preceding-sibling::tr[contains(@class,'fc-list-day')][1]");
    await expect(heading).toHaveAttribute("data-date", p.date);
  }
});
