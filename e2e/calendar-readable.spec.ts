import { expect, type Page, test } from "@playwright/test";
import { createPost } from "./api";
import {
  removeWorkspaces,
  type SeededUser,
  type SeededWorkspace,
  seedChannel,
  seedUser,
  seedWorkspace,
} from "./factories";
import { signIn } from "./helpers";

// The calendar stays readable with many posts: a crowded week slot shows one chip and "+N more" (the rest in a
// popover), chips and the hover card name the account (not "SB SB"), a past slot does not open the composer, and
// a phone opens on today's day view with the current time in sight and a header that leaves room for the grid.
test.use({ timezoneId: "Europe/Berlin" });

const BERLIN = "Europe/Berlin";
const DAY = 86_400_000;
const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let brandA: string;
let brandB: string;

/** "YYYY-MM-DD" of now + `days` in Berlin: a week ahead is always in next week's view, and in the future. */
const berlinDate = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: BERLIN, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * DAY),
  );

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e calendar readable ${run}`, BERLIN);
  user = await seedUser([ws.workspaceId]);
  brandA = (
    await seedChannel({
      workspaceId: ws.workspaceId,
      platform: "SANDBOX",
      displayName: "Brand A",
      accountName: "@brand.a",
    })
  ).id;
  brandB = (
    await seedChannel({
      workspaceId: ws.workspaceId,
      platform: "SANDBOX",
      displayName: "Brand B",
      accountName: "@brand.b",
    })
  ).id;
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

/** The week view's column of `date` ("YYYY-MM-DD"). */
const column = (page: Page, date: string) => page.locator(`.fc-timegrid-col[data-date="${date}"]`).first();

test("a crowded week slot shows one chip and +N more; the hover card names each account and its state", async ({
  page,
  request,
}) => {
  const date = berlinDate(7);
  const long = `Autumn launch ${run}: ${"the whole collection in every shop window, ".repeat(4)}end.`;
  const posts = [];
  for (let i = 0; i < 6; i++)
    posts.push(
      await createPost(request, ws.token, {
        content: i === 0 ? long : `Slot post ${i} ${run}`,
        channelIds: i === 0 ? [brandA, brandB] : [i % 2 ? brandA : brandB],
        scheduledAt: `${date}T10:00`,
        timezone: BERLIN,
      }),
    );
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  await page.locator(".fc-next-button").click();
  const day = column(page, date);
  await expect(day).toBeVisible();

  // One chip across the column, the other five behind one "+5" link that says what it is.
  const more = day.locator(".fc-timegrid-more-link");
  await expect(more).toHaveText("+5");
  await expect(more).toHaveAttribute("title", "Show 5 more posts in this slot");
  await expect(day.locator(".fc-timegrid-event [data-post-id]")).toHaveCount(1);
  await more.click();
  const popover = page.locator(".fc-popover");
  await expect(popover).toBeVisible();
  await expect(popover.locator("[data-post-id]")).toHaveCount(5);
  await popover.locator(".fc-popover-close").click();
  await expect(popover).toBeHidden();
  const shown = await day
    .locator(".fc-timegrid-event [data-post-id]")
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.postId));

  // Chips name the account: avatars labelled with name, handle and network, not "SB".
  const chip = page.locator(`.fc-timegrid-event [data-post-id="${shown[0]}"]`);
  const avatars = chip.getByRole("img");
  await expect(avatars.first()).toHaveAccessibleName(/^Brand [AB] · @brand\.[ab] \(Sandbox\)$/);
  await expect(chip).not.toContainText("SB");

  // The hover card of the long post: its whole text (the chip shows two lines), both accounts and their state.
  await page.mouse.move(0, 0);
  let target = page.locator(`.fc-timegrid-event [data-post-id="${posts[0]?.id}"]`);
  if ((await target.count()) === 0) {
    await more.click();
    target = page.locator(`.fc-popover [data-post-id="${posts[0]?.id}"]`);
  }
  await target.hover();
  const card = page.getByRole("tooltip");
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute("data-post-id", posts[0]?.id ?? "");
  await expect(card).toContainText(long);
  const rows = card.getByRole("list", { name: "Channels" }).getByRole("listitem");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Brand A");
  await expect(rows.nth(0)).toContainText("@brand.a · Sandbox");
  await expect(rows.nth(0)).toContainText("Scheduled");
  await expect(rows.nth(1)).toContainText("Brand B");
  // The pointer leaves: the card goes.
  await page.mouse.move(5, 5);
  await expect(card).toBeHidden();

  // Keyboard: a chip with focus shows its card and is described by it.
  await chip.evaluate((el) => (el.closest(".fc-event") as HTMLElement).focus());
  await expect(card).toBeVisible();
  await expect(page.locator(".fc-event:focus")).toHaveAttribute("aria-describedby", "cal-hover-card");
});

test("a past slot does not open the composer; a future one opens at its time; today and now are marked", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, user);
  await page.getByRole("button", { name: "Day", exact: true }).click();
  // Today: its header marked, the current time labelled on the now line.
  await expect(page.locator(".fc-timegrid-col.fc-day-today")).toHaveCount(1);
  const label = page.locator(".cal-now-label");
  await expect(label).toHaveText(/^Now \d{2}:\d{2}$/);

  // Yesterday 10:00 is over: a notice, no composer.
  await page.locator(".fc-prev-button").click();
  await expect(page.locator(`.fc-timegrid-col[data-date="${berlinDate(-1)}"]`)).toHaveCount(1);
  // The shaded past lies over the slot: click where a person would, at the slot's place.
  const lane = page.locator('.fc-timegrid-slot-lane[data-time="10:00:00"]');
  await lane.scrollIntoViewIfNeeded();
  const box = await lane.boundingBox();
  if (!box) throw new Error("no 10:00 slot");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "That time has passed" })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // Tomorrow 15:00 opens the composer there.
  await page.locator(".fc-next-button").click();
  await page.locator(".fc-next-button").click();
  await expect(page.locator(`.fc-timegrid-col[data-date="${berlinDate(1)}"]`)).toHaveCount(1);
  await page.locator('.fc-timegrid-slot-lane[data-time="15:00:00"]').click();
  const dialog = page.getByRole("dialog", { name: "New post" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Date")).toHaveValue(berlinDate(1));
  await expect(dialog.getByLabel("Time", { exact: true })).toHaveValue("15:00");
});

test("on a phone the calendar opens on today with now in sight, under a header that leaves the grid most of the screen", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, user);
  await expect(page.locator(".fc-timeGridDay-view")).toBeVisible();
  await expect(page.locator(`.fc-timegrid-col[data-date="${berlinDate(0)}"]`)).toHaveCount(1);
  await expect(page.locator(".cal-now-label")).toBeInViewport();
  // The grid's body starts within the top third of the screen (the shell's header, ours and the toolbar above it).
  const grid = await page.locator(".fc-view-harness").boundingBox();
  if (!grid) throw new Error("no grid");
  expect(grid.y).toBeLessThan(844 / 3);
});
