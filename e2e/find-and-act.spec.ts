import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createPost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { signIn, axeViolations as violations } from "./helpers";

// Issue 13 "Find and act" in the built app: `/` focuses the posts search, the words go into the URL, two of three
// scheduled posts match, both are selected and moved to draft in one bulk action, and the toast's Undo puts them
// back at their times (checked through the API).

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e find ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId]);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

test("search → select → bulk move to draft → Undo", async ({ page, request }) => {
  const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const a = await createPost(request, ws.token, {
    content: `Sneaker drop ${run} one`,
    channelIds: [ws.channelId],
    scheduledAt: at(30),
  });
  const b = await createPost(request, ws.token, {
    content: `Sneaker drop ${run} two`,
    channelIds: [ws.channelId],
    scheduledAt: at(50),
  });
  await createPost(request, ws.token, { content: `Coffee ${run}`, channelIds: [ws.channelId], scheduledAt: at(40) });
  const status = async (id: string) => {
    const res = await request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } });
    return (await res.json()) as { status: string; scheduledAt: string | null };
  };

  await signIn(page, user);
  await page.getByRole("link", { name: "Posts" }).click();
  await expect(page.getByRole("heading", { name: "Posts" })).toBeVisible();
  await page.locator("#main").focus();
  await page.keyboard.press("/");
  const box = page.getByRole("searchbox", { name: "Search text" });
  await expect(box).toBeFocused();
  await box.fill(`sneaker drop ${run}`);
  await expect(page).toHaveURL(/[?&]q=sneaker/);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByText(`Coffee ${run}`)).toHaveCount(0);
  expect(await violations(page), "posts page").toEqual([]);

  // The filter lives in the URL: a reload shows the same result.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search text" })).toHaveValue(`sneaker drop ${run}`);
  await expect(rows).toHaveCount(2);

  // Export takes the page's filters: the JSON download holds exactly the two posts the search shows.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON" }).click();
  const exported = JSON.parse(readFileSync(await (await download).path(), "utf8")) as { posts: { text: string }[] };
  expect(exported.posts.map((p) => p.text).sort()).toEqual([`Sneaker drop ${run} one`, `Sneaker drop ${run} two`]);

  await page.getByRole("checkbox", { name: "Select all" }).check();
  await expect(page.getByText("2 posts selected")).toBeVisible();
  await page.getByRole("button", { name: "Move to draft" }).click();
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Moved 2 posts to draft" });
  await expect(toast).toBeVisible();
  await expect(rows.getByText("Draft")).toHaveCount(2);
  expect((await status(a.id)).status).toBe("DRAFT");
  expect((await status(b.id)).status).toBe("DRAFT");

  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Undone" })).toBeVisible();
  await expect(rows.getByText("Scheduled")).toHaveCount(2);
  expect(await status(a.id)).toMatchObject({ status: "SCHEDULED", scheduledAt: a.scheduledAt });
  expect(await status(b.id)).toMatchObject({ status: "SCHEDULED", scheduledAt: b.scheduledAt });
});
