import { expect, type Locator, type Page, test } from "@playwright/test";
import { createPost, schedulePost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, signIn } from "./helpers";

// Toasts never cover an open dialog's buttons (README "Undo"): a person who unschedules a post and opens the
// composer at once still sees and can click its "Schedule" while the Undo toast is up, on a desktop and on a phone
// (where the composer is a bottom sheet); the toast stays readable and its Undo still works with the composer open.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e toasts ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId], { email: `toasts-${run}@e2e.cadence.local` });
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every toast's box on screen now. */
async function toastBoxes(page: Page): Promise<Box[]> {
  const toasts = page.locator("[data-sonner-toast]");
  const boxes: Box[] = [];
  for (const t of await toasts.all()) {
    const box = await t.boundingBox();
    if (box) boxes.push(box);
  }
  return boxes;
}

async function expectUncovered(page: Page, button: Locator) {
  const box = await button.boundingBox();
  expect(box, "the button is on screen").not.toBeNull();
  const toasts = await toastBoxes(page);
  expect(toasts.length).toBeGreaterThan(0);
  for (const t of toasts)
    expect(intersects(box as Box, t), `toast ${JSON.stringify(t)} over ${JSON.stringify(box)}`).toBe(false);
  // Actionable as a person clicks it: visible, enabled, and the topmost thing at its centre (no force).
  await button.click({ trial: true });
}

for (const viewport of [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
]) {
  test(`${viewport.name} ${viewport.width}×${viewport.height}: an Undo toast does not cover the composer's Schedule`, async ({
    page,
    request,
  }, testInfo) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const post = await createPost(request, ws.token, {
      content: `Toast ${viewport.name} ${run}`,
      channelIds: [ws.channelId],
    });
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCSeconds(0, 0);
    await schedulePost(request, ws.token, post.id, at);

    await signIn(page, user);
    await page.goto(`/?post=${post.id}`);
    const editor = page.getByRole("dialog", { name: "Edit post" });
    await editor.getByRole("button", { name: "Unschedule" }).click();
    await expect(editor).toBeHidden();
    const undone = page.locator("[data-sonner-toast]").filter({ hasText: "Unscheduled: the post is a draft again" });
    await expect(undone).toBeVisible();

    // Straight on to the next post while the Undo toast is up.
    await page.getByRole("button", { name: "New post" }).click();
    const composer = page.getByRole("dialog", { name: "New post" });
    await expect(composer).toBeVisible();
    await expect(undone).toBeInViewport();
    await expectUncovered(page, composer.getByRole("button", { name: "Schedule", exact: true }));
    await page.screenshot({ path: testInfo.outputPath(`toast-${viewport.name}.png`) });
    // The toast's Undo works with the composer open, and the composer stays open.
    await undone.getByRole("button", { name: "Undo" }).click();
    const putBack = page.locator("[data-sonner-toast]").filter({ hasText: /^Put back for / });
    await expect(putBack).toBeVisible();
    await expect(composer).toBeVisible();
    // Readable: the toasts' text keeps its contrast over the dialog, in light and in dark mode (held open by the
    // pointer resting on them, as a person reading one does).
    await putBack.hover();
    await page.emulateMedia({ colorScheme: "light" });
    expect(await axeViolations(page), `composer with a toast (${viewport.name}, light)`).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await axeViolations(page), `composer with a toast (${viewport.name}, dark)`).toEqual([]);

    await expect
      .poll(async () => ((await (await page.request.get(`/api/posts/${post.id}`)).json()) as { status: string }).status)
      .toBe("SCHEDULED");
    await expectUncovered(page, composer.getByRole("button", { name: "Schedule", exact: true }));

    // Closed, the toasts go back to their corner, out of the page's way.
    await page.keyboard.press("Escape");
    await expect(composer).toBeHidden();
    await expect(page.locator("[data-sonner-toaster]")).toHaveAttribute("data-y-position", "bottom");
  });
}
