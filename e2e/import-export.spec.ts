import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { postEvent, signIn } from "./helpers";

// Import (README "Import and export"): upload a CSV with one bad row → the preview names its problem and Import
// stays off → fix the row → check again → import → both posts are on the calendar.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e import ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId], { email: `importer-${run}@e2e.cadence.local` });
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

/** Tomorrow's date in Berlin as "YYYY-MM-DD". */
function tomorrowInBerlin(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + 86_400_000));
}

test("a CSV with one bad row: the problem is shown, fixed, imported, and the posts are on the calendar", async ({
  page,
}, testInfo) => {
  const day = tomorrowInBerlin();
  const header = "text,channels,time,timezone,tags,media_urls";
  const good = `"Imported one ${run}",${ws.channelId},${day}T10:00,,import,`;
  const bad = `"Imported two ${run}",${ws.channelId},queue,,import,`;
  const file = testInfo.outputPath("posts.csv");
  writeFileSync(file, `${header}\n${good}\n${bad}\n`);

  await signIn(page, user, "/import");
  await expect(page.getByRole("heading", { name: "Import and export" })).toBeVisible();
  await page.getByTestId("import-file").setInputFiles(file);

  const preview = page.getByTestId("import-preview");
  await expect(preview.getByRole("alert")).toContainText("1 of 2 rows have problems");
  await expect(page.getByTestId("import-row-1")).toContainText("OK");
  // A `queue` row whose channel has no posting schedule (README "Queue") is refused by name.
  await expect(page.getByTestId("import-row-2")).toContainText("has no posting schedule");
  // The alert names it too, above the table (a long file need not be scrolled to find it).
  await expect(preview.getByRole("alert")).toContainText("Row 2: time: ");
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("import-preview-problem.png"), fullPage: true });

  // Fix the row in the editor and check again.
  const fixed = bad.replace(",queue,", `,${day}T11:30,`);
  await page.getByLabel("Or paste or edit the CSV here").fill(`${header}\n${good}\n${fixed}\n`);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(preview.getByRole("status")).toContainText("All 2 rows are fine");

  const answer = page.waitForResponse((r) => r.url().endsWith("/api/posts/import") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Import 2 posts" }).click();
  const res = await answer;
  expect(res.status()).toBe(201);
  const { postIds } = (await res.json()) as { postIds: string[] };
  expect(postIds).toHaveLength(2);
  await expect(page.getByText("Imported 2 posts, scheduled")).toBeVisible();

  await page.getByRole("link", { name: "Open the calendar" }).click();
  for (const id of postIds) await postEvent(page, id);
  await page.screenshot({ path: testInfo.outputPath("import-calendar.png"), fullPage: true });
});
