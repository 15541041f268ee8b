import { type APIRequestContext, expect, type Locator, type Page, test } from "@playwright/test";
import { createPost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, signIn } from "./helpers";

// Issue 13 "the queue" in the built app (README "Queue"): a channel's posting schedule from its best times, then a
// schedule set through the API two days ahead (so nothing queued is due while the test runs), two posts added to
// the queue from the composer, reordered by drag and by keyboard, a reorder undone, one shared now (the SANDBOX
// channel publishes it), axe on /queue in light and dark, and a Viewer seeing it all read-only.

const ZONE = "Europe/Berlin";
const run = Date.now().toString(36);
let ws: SeededWorkspace;
let owner: SeededUser;
let viewer: SeededUser;

const auth = () => ({ authorization: `Bearer ${ws.token}` });

type ApiPost = {
  id: string;
  status: string;
  version: number;
  scheduledAt: string | null;
  scheduledAtLocal: string | null;
};
async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: auth() });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

/** The wall date ("YYYY-MM-DD") and weekday (0 = Sunday) in ZONE, `days` days from now. */
function dayAhead(days: number): { date: string; dayOfWeek: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(at)
    .slice(0, 10);
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, weekday: "short" }).format(at);
  return { date, dayOfWeek: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(weekday) };
}

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e queue ${run}`, ZONE);
  owner = await seedUser([ws.workspaceId]);
  viewer = await seedUser([ws.workspaceId], { email: `queue-viewer-${run}@e2e.cadence.local`, role: "VIEWER" });
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws)
    await removeWorkspaces(
      [ws.workspaceId],
      [owner, viewer].flatMap((u) => (u ? [u.userId] : [])),
    );
});

/** Drags `handle` onto `target` with the pointer, in small steps as a hand does. */
async function dragOnto(page: Page, handle: Locator, target: Locator) {
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("nothing to drag");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 8, { steps: 4 });
  await page.mouse.move(from.x + from.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function addToQueueFromComposer(page: Page, content: string): Promise<Locator> {
  await page.getByRole("button", { name: "New post", exact: true }).click();
  // Named "New post", then "Edit post" once autosave has kept it as a draft: the one dialog open.
  const composer = page.getByRole("dialog");
  const channel = composer.locator(`[data-channel="${ws.channelId}"] input[type="checkbox"]`);
  if (!(await channel.isChecked())) await channel.check();
  // The picker names the account, not only the network: its avatar (initials or picture) in its colour.
  await expect(composer.locator(`[data-channel="${ws.channelId}"] .cal-avatar[data-channel-name]`)).toHaveCount(1);
  // A blank post is not an error yet: no red "needs text or media" before anything is typed.
  await expect(composer.locator("[data-rule='text.empty'], [data-preview-problem='text.empty']")).toHaveCount(0);
  await expect(composer.locator(".composer-counter.is-bad")).toHaveCount(0);
  await composer.getByLabel("Content").fill(content);
  await composer.getByRole("button", { name: "Add to queue" }).click();
  await expect(composer).toBeHidden();
  // Sonner lists the newest toast first.
  return page.locator("[data-sonner-toast]").filter({ hasText: "Queued for" }).first();
}

test("posting schedule from best times → Add to queue ×2 → reorder by drag and keyboard → Undo → Share now", async ({
  page,
  request,
}) => {
  await signIn(page, owner);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" }).click();
  await expect(page.getByRole("heading", { name: "Queue", level: 1 })).toBeVisible();
  await page.locator(`button[data-channel-id="${ws.channelId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]channel=${ws.channelId}`));

  // "Use best times" fills the editor with the API's proposal; Save stores exactly that.
  const editor = page.getByTestId("posting-schedule");
  await expect(editor.getByTestId("proposal-basis")).toHaveText(
    /Best times from (platform defaults|\d+ of your posts?)/,
  );
  const before = (await (
    await request.get(`/api/channels/${ws.channelId}/posting-schedule`, { headers: auth() })
  ).json()) as { slots: unknown[]; proposal: { slots: { dayOfWeek: number; time: string }[] } };
  expect(before.slots).toEqual([]);
  expect(before.proposal.slots.length).toBeGreaterThan(0);
  await editor.getByRole("button", { name: "Use best times" }).click();
  await expect(editor.locator("[data-slot]")).toHaveCount(before.proposal.slots.length);
  // Add 07:45 on the Mon-Fri preset, then remove Monday's: four more.
  await editor.getByLabel("Time", { exact: true }).fill("07:45");
  await editor.getByRole("button", { name: "Add", exact: true }).click();
  await editor.getByRole("button", { name: /^Remove Monday 0?7:45(\s?AM)?$/ }).click();
  await expect(editor.locator("[data-slot]")).toHaveCount(before.proposal.slots.length + 4);
  await editor.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Posting schedule saved" })).toBeVisible();
  const saved = (await (
    await request.get(`/api/channels/${ws.channelId}/posting-schedule`, { headers: auth() })
  ).json()) as { slots: { dayOfWeek: number; time: string }[] };
  const key = (s: { dayOfWeek: number; time: string }) => `${s.dayOfWeek} ${s.time}`;
  expect(saved.slots.map(key).sort()).toEqual(
    [...before.proposal.slots, ...[2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, time: "07:45" }))].map(key).sort(),
  );

  // The schedule the rest runs on, set through the API: two slots two days ahead, so nothing queued falls due
  // while the test runs (no reliance on the clock's minutes).
  const ahead = dayAhead(2);
  const put = await request.put(`/api/channels/${ws.channelId}/posting-schedule`, {
    headers: auth(),
    data: {
      slots: [
        { dayOfWeek: ahead.dayOfWeek, time: "10:30" },
        { dayOfWeek: ahead.dayOfWeek, time: "11:30" },
      ],
    },
  });
  expect(put.status(), await put.text()).toBe(200);
  // A post at a custom time of the same channel, three days ahead: listed and marked as such.
  const custom = await createPost(request, ws.token, {
    content: `Custom time ${run}`,
    channelIds: [ws.channelId],
    scheduledAt: `${dayAhead(3).date}T14:10`,
    timezone: ZONE,
  });
  await page.reload();
  await expect(editor.locator("[data-slot]")).toHaveCount(2);
  await expect(page.locator(`[data-post-id="${custom.id}"]`)).toBeVisible();
  await expect(
    page.locator("li[data-slot='false']").filter({ has: page.locator(`[data-post-id="${custom.id}"]`) }),
  ).toContainText("Custom time");
  await expect(page.getByRole("button", { name: /^New post at / }).first()).toBeVisible();

  // Add to queue from the composer: the next free slot each time.
  const firstToast = await addToQueueFromComposer(page, `Queued one ${run}`);
  await expect(firstToast).toContainText("10:30");
  const secondToast = await addToQueueFromComposer(page, `Queued two ${run}`);
  await expect(secondToast).toContainText("11:30");
  // A third one goes to the next free slot a week later; its toast's Undo makes it a draft again (off the queue).
  const thirdToast = await addToQueueFromComposer(page, `Queued three ${run}`);
  await expect(thirdToast).toContainText("10:30");
  const three = page.locator("[data-post-id]").filter({ hasText: `Queued three ${run}` });
  await expect(three).toBeVisible();
  await thirdToast.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Undone" })).toBeVisible();
  await expect(three).toHaveCount(0);
  const one = page.locator("[data-post-id]").filter({ hasText: `Queued one ${run}` });
  const two = page.locator("[data-post-id]").filter({ hasText: `Queued two ${run}` });
  const idOne = (await one.getAttribute("data-post-id")) ?? "";
  const idTwo = (await two.getAttribute("data-post-id")) ?? "";
  const at = async (id: string) => (await getPost(request, id)).scheduledAtLocal?.slice(0, 16);
  expect(await at(idOne)).toBe(`${ahead.date}T10:30`);
  expect(await at(idTwo)).toBe(`${ahead.date}T11:30`);

  // Drag the second onto the first: they swap times.
  await dragOnto(page, two.getByTestId("queue-drag-handle"), one);
  const reordered = page.locator("[data-sonner-toast]").filter({ hasText: "Reordered" }).first();
  await expect(reordered).toBeVisible();
  await expect.poll(() => at(idTwo)).toBe(`${ahead.date}T10:30`);
  expect(await at(idOne)).toBe(`${ahead.date}T11:30`);
  await expect(page.locator(`li[data-slot='true']`).filter({ hasText: "10:30" }).first()).toContainText(
    `Queued two ${run}`,
  );

  // Undo puts them back.
  await reordered.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Order restored" })).toBeVisible();
  expect(await at(idOne)).toBe(`${ahead.date}T10:30`);
  expect(await at(idTwo)).toBe(`${ahead.date}T11:30`);

  // By keyboard: Space picks the second up, ArrowUp moves it over the first, Space drops it.
  await page.locator(`[data-post-id="${idTwo}"] [data-testid="queue-drag-handle"]`).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").filter({ hasText: "Picked up" })).toHaveCount(1);
  await page.keyboard.press("ArrowUp");
  await expect(page.getByRole("status").filter({ hasText: "would take" })).toHaveCount(1);
  await page.keyboard.press("Space");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Reordered" }).first()).toBeVisible();
  await expect.poll(() => at(idTwo)).toBe(`${ahead.date}T10:30`);
  expect(await at(idOne)).toBe(`${ahead.date}T11:30`);

  // "Hide empty slots" leaves only the entries with posts (kept in the URL); unticking brings the slots back.
  const emptySlots = page.getByRole("button", { name: /^New post at / });
  await expect(emptySlots.first()).toBeVisible();
  await page.getByLabel("Hide empty slots").check();
  await expect(page).toHaveURL(/[?&]empty=hide/);
  await expect(emptySlots).toHaveCount(0);
  await expect(page.locator(`[data-post-id="${idOne}"]`)).toBeVisible();
  await expect(page.locator(`[data-post-id="${idTwo}"]`)).toBeVisible();
  await expect(page.locator(`[data-post-id="${custom.id}"]`)).toBeVisible();
  await page.getByLabel("Hide empty slots").uncheck();
  await expect(emptySlots.first()).toBeVisible();

  // axe on the page itself: the toasts (sonner's, checked elsewhere) may be mid-animation, so they are closed first
  // (by their × buttons; stacked ones lie under each other, hence a dispatched click). One at a time, each time the
  // first still open: a closed toast leaves the list, so a list read once goes stale as they close.
  const open = page.locator('[data-sonner-toast]:not([data-removed="true"]) [data-close-button]');
  while ((await open.count()) > 0) await open.first().dispatchEvent("click");
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0);
  expect(await axeViolations(page), "queue, light").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await axeViolations(page), "queue, dark").toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });

  // At phone width (390 px) a post's row still shows its excerpt and its whole status badge: the handle, Edit and
  // Share now once squeezed the text to "Queued…" and cut the badge to "Schedul".
  await page.setViewportSize({ width: 390, height: 844 });
  const phoneRow = page.locator(`[data-post-id="${idOne}"]`);
  await expect(phoneRow).toBeVisible();
  const fits = await phoneRow.evaluate((row) => {
    const excerpt = row.querySelector("p") as HTMLElement;
    const badge = row.querySelector("[data-status]") as HTMLElement;
    const main = (excerpt.parentElement as HTMLElement).getBoundingClientRect();
    return {
      excerptWhole: excerpt.scrollWidth <= excerpt.clientWidth,
      badgeInside: badge.getBoundingClientRect().right <= main.right + 0.5,
    };
  });
  expect(fits).toEqual({ excerptWhole: true, badgeInside: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Share now, after a confirmation: the SANDBOX channel publishes it at once; its slot is free again.
  await page
    .locator(`[data-post-id="${idOne}"]`)
    .getByRole("button", { name: /^Share now: / })
    .click();
  const confirm = page.getByRole("alertdialog", { name: "Share this post now?" });
  await confirm.getByRole("button", { name: "Share now" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Publishing now" })).toBeVisible();
  await expect.poll(async () => (await getPost(request, idOne)).status, { timeout: 30_000 }).toBe("PUBLISHED");
  await expect(page.locator(`[data-post-id="${idOne}"]`)).toHaveCount(0, { timeout: 15_000 });
});

test("a Viewer sees the queue and the posting schedule, and changes nothing", async ({ page, request }) => {
  const ahead = dayAhead(2);
  const put = await request.put(`/api/channels/${ws.channelId}/posting-schedule`, {
    headers: auth(),
    data: { slots: [{ dayOfWeek: ahead.dayOfWeek, time: "09:15" }] },
  });
  expect(put.status()).toBe(200);
  const post = await createPost(request, ws.token, {
    content: `Viewer sees ${run}`,
    channelIds: [ws.channelId],
    scheduledAt: `${ahead.date}T09:15`,
    timezone: ZONE,
  });
  await signIn(page, viewer, `/queue?channel=${ws.channelId}`);
  const row = page.locator(`[data-post-id="${post.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("queue-drag-handle")).toHaveCount(0);
  await expect(row.getByRole("button", { name: /^Share now: / })).toHaveCount(0);
  const editor = page.getByTestId("posting-schedule");
  await expect(editor.locator("[data-slot]")).toHaveCount(1);
  await expect(editor.getByRole("note")).toContainText("not change it");
  await expect(editor.getByRole("button")).toHaveCount(0);
  expect(await axeViolations(page), "queue, viewer").toEqual([]);
});
