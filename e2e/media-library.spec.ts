import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { createPost, schedulePost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { showOnCalendar, signIn } from "./helpers";

// The Media page (/library) in the built app: upload two images and a video (and a refused file), drop one more on
// the page, search by name,
// filter videos, rename, see where an item is used and open that post, delete an unused item, fail to delete one a
// scheduled post uses (up front, and as the API's 409 when a post is scheduled while the dialog is open). Then the
// calendar shows a post's first thumbnail in month view, list view and the drafts list.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let dir: string;
const postIds: string[] = [];

type Item = { id: string; name: string; kind: string; thumbnailUrl: string };
const auth = () => ({ authorization: `Bearer ${ws.token}` });

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e media page ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  dir = mkdtempSync(path.join(tmpdir(), "e2e-library-"));
  const ffmpeg = (args: string[]) => execFileSync("ffmpeg", ["-v", "error", "-y", ...args]);
  ffmpeg(["-f", "lavfi", "-i", "color=c=orange:s=160x90", "-frames:v", "1", path.join(dir, `sunset-beach-${run}.png`)]);
  ffmpeg(["-f", "lavfi", "-i", "color=c=teal:s=120x120", "-frames:v", "1", path.join(dir, `team-photo-${run}.png`)]);
  ffmpeg([
    ...["-f", "lavfi", "-i", "testsrc=duration=1:size=320x240:rate=25"],
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path.join(dir, `launch-clip-${run}.mp4`)],
  ]);
  writeFileSync(path.join(dir, "notes.jpg"), "these are my notes, not a picture");
});

test.afterAll(async ({ request }) => {
  if (ws) {
    // Files are not rows: delete the posts, then every item through the API, so nothing stays on disk.
    for (const id of postIds) await request.delete(`/api/posts/${id}`, { headers: auth() });
    const list = await request.get("/api/media", { headers: auth() });
    for (const item of ((await list.json()) as { items: Item[] }).items ?? [])
      await request.delete(`/api/media/${item.id}`, { headers: auth() });
    await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function listItems(request: APIRequestContext): Promise<Item[]> {
  const res = await request.get("/api/media", { headers: auth() });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

const card = (page: Page, name: string) => page.locator("li[data-media-id]").filter({ hasText: name });

test("upload, search, filter, rename, see where an item is used, delete; thumbnails on the calendar", async ({
  page,
  request,
}) => {
  const sunset = `sunset-beach-${run}.png`;
  const team = `team-photo-${run}.png`;
  const clip = `launch-clip-${run}.mp4`;
  await signIn(page, user);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Media" }).click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByRole("heading", { name: "Media", level: 1 })).toBeVisible();
  await expect(page.getByText("No media yet")).toBeVisible();

  // Upload: four files at once; each gets its outcome, the refused one named with the API's reason.
  await page
    .getByTestId("media-file-input")
    .setInputFiles([sunset, team, clip, "notes.jpg"].map((name) => path.join(dir, name)));
  const uploads = page.getByRole("region", { name: "Uploads" });
  for (const name of [sunset, team, clip])
    await expect(uploads.locator(`[data-upload-name="${name}"]`)).toHaveAttribute("data-status", "done", {
      timeout: 30_000,
    });
  await expect(uploads.getByRole("alert")).toContainText("notes.jpg");
  await expect(uploads.getByRole("alert")).toContainText("not a recognised image or video");
  const grid = page.getByRole("list", { name: "Media items" });
  await expect(grid.locator("li[data-media-id]")).toHaveCount(3);
  const items = await listItems(request);
  const byName = (name: string) => items.find((i) => i.name === name) as Item;
  expect(items.map((i) => i.name).sort()).toEqual([clip, sunset, team].sort());

  // Facts on each card; the video has its marker and duration.
  await expect(card(page, sunset)).toContainText("160×90");
  await expect(card(page, sunset)).toContainText("Image");
  await expect(card(page, clip).getByTestId("video-marker")).toContainText("0:01");
  await expect(card(page, clip)).toContainText("320×240");

  // Search by name (debounced, kept in the URL).
  await page.getByLabel("Search by name").fill("SUNSET");
  await expect(page).toHaveURL(/[?&]q=SUNSET/);
  await expect(grid.locator("li[data-media-id]")).toHaveCount(1);
  await expect(card(page, sunset)).toBeVisible();
  await page.getByLabel("Search by name").fill("");
  await expect(page).toHaveURL(/\/library$/);

  // Filter: videos only, in the URL too; a reload keeps it.
  const kinds = page.getByRole("group", { name: "Kind" });
  await kinds.getByRole("button", { name: "Videos" }).click();
  await expect(page).toHaveURL(/[?&]kind=video/);
  await expect(grid.locator("li[data-media-id]")).toHaveCount(1);
  await expect(grid.locator("li[data-media-id]")).toHaveAttribute("data-kind", "VIDEO");
  await page.reload();
  await expect(kinds.getByRole("button", { name: "Videos" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("list", { name: "Media items" }).locator("li[data-media-id]")).toHaveCount(1);
  await kinds.getByRole("button", { name: "All" }).click();
  await expect(grid.locator("li[data-media-id]")).toHaveCount(3);

  // Dropping a file anywhere on the page uploads it the same way.
  const dropped = `dropped-${run}.png`;
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: "image/png" }));
      return transfer;
    },
    { name: dropped, base64: readFileSync(path.join(dir, sunset)).toString("base64") },
  );
  const heading = page.getByRole("heading", { name: "Media", level: 1 });
  await heading.dispatchEvent("dragover", { dataTransfer });
  await heading.dispatchEvent("drop", { dataTransfer });
  await expect(uploads.locator(`[data-upload-name="${dropped}"]`)).toHaveAttribute("data-status", "done");
  await expect(card(page, dropped)).toContainText("160×90");

  // Rename inline, by keyboard.
  const renamed = `team-offsite-${run}.png`;
  await card(page, team)
    .getByRole("button", { name: `Rename ${team}` })
    .click();
  await page.getByLabel(`New name for ${team}`).fill(renamed);
  await page.keyboard.press("Enter");
  await expect(card(page, renamed).getByRole("heading", { name: renamed })).toBeVisible();
  await expect(card(page, renamed).getByRole("button", { name: `Rename ${renamed}` })).toBeFocused();

  // Posts using the items, made through the API: one scheduled (sunset), one draft (the renamed photo).
  const inTwoHours = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
  const scheduled = await createPost(request, ws.token, {
    content: `Golden hour ${run} at the beach, with a long text that goes on and on so the excerpt must cut it short`,
    channelIds: [ws.channelId],
    media: [{ id: byName(sunset).id, altText: "Orange sky over the sea" }],
    scheduledAt: inTwoHours.toISOString(),
  });
  postIds.push(scheduled.id);
  const draft = await createPost(request, ws.token, {
    content: `Offsite draft ${run}`,
    channelIds: [ws.channelId],
    media: [{ id: byName(team).id }],
  });
  postIds.push(draft.id);
  await page.reload();

  const sunsetCard = card(page, sunset);
  await expect(sunsetCard).toContainText("Used in 1 post");
  const use = sunsetCard.locator(`li[data-post-id="${scheduled.id}"]`);
  await expect(use.getByRole("link")).toHaveText(/^Golden hour .*…$/);
  await expect(use.locator("[data-status]")).toHaveText("Scheduled");
  // Used by a scheduled post: no delete, and the card says why.
  await expect(sunsetCard.getByRole("button", { name: `Delete ${sunset}` })).toBeDisabled();
  await expect(sunsetCard).toContainText("Can’t delete: used by a scheduled post");
  await expect(card(page, renamed)).toContainText("Used in 1 post");
  await expect(card(page, renamed).locator(`li[data-post-id="${draft.id}"]`)).toContainText("Draft");
  await expect(card(page, clip)).toContainText("Not used in any post");

  // Delete an unused item, after confirming.
  await card(page, clip)
    .getByRole("button", { name: `Delete ${clip}` })
    .click();
  const confirm = page.getByRole("alertdialog", { name: `Delete ${clip}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  await expect(card(page, clip)).toHaveCount(0);
  await expect(page.getByLabel("Search by name")).toBeFocused();
  expect((await request.get(`/api/media/${byName(clip).id}`, { headers: auth() })).status()).toBe(404);

  // A race: the draft using the photo is scheduled while the dialog is open: the API's 409 is shown, nothing goes.
  await card(page, renamed)
    .getByRole("button", { name: `Delete ${renamed}` })
    .click();
  const raced = page.getByRole("alertdialog", { name: `Delete ${renamed}?` });
  await schedulePost(request, ws.token, draft.id, new Date(inTwoHours.getTime() + 3_600_000));
  await raced.getByRole("button", { name: "Delete" }).click();
  await expect(raced.getByRole("alert")).toContainText(`is used by scheduled post(s) ${draft.id}`);
  await raced.getByRole("button", { name: "Cancel" }).click();
  await expect(card(page, renamed).getByRole("button", { name: `Delete ${renamed}` })).toBeDisabled();
  expect((await request.get(`/api/media/${byName(team).id}`, { headers: auth() })).status()).toBe(200);

  // The "used in" link opens that post on the calendar, in the composer.
  await card(page, sunset)
    .getByRole("link", { name: /^Golden hour/ })
    .click();
  const composer = page.getByRole("dialog", { name: "Edit post" });
  await expect(composer).toBeVisible();
  await expect(composer.getByLabel("Content")).toHaveValue(/^Golden hour/);
  await expect(page).toHaveURL(/\/$/);
  await page.keyboard.press("Escape");
  await expect(composer).toBeHidden();

  // Calendar chips: the post's first thumbnail, with that item's alt text, in month view and list view.
  const thumbnail = byName(sunset).thumbnailUrl;
  expect(thumbnail).toBe(`/api/media/${byName(sunset).id}/thumbnail`);
  await page.getByRole("button", { name: "Month", exact: true }).click();
  const monthThumb = page.locator(`.fc-daygrid-event [data-post-id="${scheduled.id}"] img`);
  await showOnCalendar(page, monthThumb, 2);
  await expect(monthThumb).toHaveAttribute("src", thumbnail);
  await expect(monthThumb).toHaveAttribute("alt", "Orange sky over the sea");
  await expect.poll(() => monthThumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const box = await monthThumb.boundingBox();
  expect(box?.width).toBeLessThanOrEqual(28);
  const today = page.getByRole("button", { name: "Today", exact: true });
  if (await today.isEnabled()) await today.click();
  await page.getByRole("button", { name: "List", exact: true }).click();
  const listThumb = page.locator(`.fc-list-event [data-post-id="${scheduled.id}"] img`);
  await showOnCalendar(page, listThumb, 2);
  await expect(listThumb).toHaveAttribute("src", thumbnail);

  // The drafts list shows it too (a draft using the photo; no alt text given: decorative, empty alt).
  const another = await createPost(request, ws.token, {
    content: `Another draft ${run}`,
    channelIds: [ws.channelId],
    media: [{ id: byName(team).id }],
  });
  postIds.push(another.id);
  const draftThumb = page.locator(`.cal-draft[data-post-id="${another.id}"] img`);
  await expect(draftThumb).toHaveAttribute("src", byName(team).thumbnailUrl, { timeout: 20_000 });
  await expect(draftThumb).toHaveAttribute("alt", "");
});
