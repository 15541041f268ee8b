import { expect, type Locator, type Page, test } from "@playwright/test";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, seedInsights, signIn } from "./helpers";

// The CSV import's preview on a phone (README "Import and export"): at 390×844 the table becomes one card per row,
// each value labelled with its column, so a row's channels and problems are on screen without sideways scrolling;
// screen readers still get a table (rows, column headers, cells) in Chromium's own accessibility tree, and axe finds
// nothing serious in light or dark mode. The evergreen library shares the table (components/ui/data-table.module.css).

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

test.beforeAll(async () => {
  ws = await seedWorkspace(`e2e import phone ${run}`, "Europe/Berlin");
  user = await seedUser([ws.workspaceId], { email: `import-phone-${run}@e2e.cadence.local` });
});

const evergreenUsers: Array<{ workspaceId: string; userId: string }> = [];

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  if (evergreenUsers.length) {
    await seedInsights({
      op: "cleanup",
      workspaceIds: evergreenUsers.map((u) => u.workspaceId),
      userIds: evergreenUsers.map((u) => u.userId),
    });
  }
});

test.use({ viewport: { width: 390, height: 844 } });

/** Elements of `region` reaching past the viewport's sides, or scrolling sideways inside it ("" when none). */
function sidewaysOverflow(region: Locator): Promise<string[]> {
  return region.evaluate((preview) => {
    const width = document.documentElement.clientWidth;
    const named = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}${
        el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""
      }`;
    const found: string[] = [];
    // Visually hidden text (the column headers kept for screen readers) sits in a clipped 1×1 px box.
    const hidden = (el: Element) => {
      for (let a: Element | null = el; a; a = a.parentElement) {
        const b = a.getBoundingClientRect();
        if (b.width <= 1 && b.height <= 1) return true;
      }
      return false;
    };
    for (const el of [preview, ...preview.querySelectorAll("*")]) {
      if (hidden(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.left < -0.5 || box.right > width + 0.5) found.push(`${named(el)} spans ${box.left}…${box.right}`);
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        found.push(`${named(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    return found;
  });
}

/** How many nodes of each table role Chromium's accessibility tree has (what a screen reader is given). */
async function tableRoles(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
    nodes: Array<{ ignored?: boolean; role?: { value?: string } }>;
  };
  await cdp.detach();
  const counts: Record<string, number> = {};
  for (const n of nodes) {
    const role = n.role?.value ?? "";
    if (!n.ignored && ["table", "row", "columnheader", "cell"].includes(role)) counts[role] = (counts[role] ?? 0) + 1;
  }
  return counts;
}

test("at 390×844 the preview has no sideways scroll and a row's problem is on screen after scrolling down to it", async ({
  page,
}, testInfo) => {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + 86_400_000));
  const header = "text,channels,time,timezone,tags,media_urls";
  const long = `A long launch post for the spring collection of the second brand ${run}, with enough words to wrap`;
  const rows = [
    `"Phone one ${run}",${ws.channelId},${day}T10:00,,import,`,
    `"${long}",${ws.channelId}; Brand B Bluesky; Brand C Bluesky,${day}T25:00,,import,`,
    `"Phone three ${run}",${ws.channelId},${day}T12:00,America/New_York,import,`,
  ];
  await signIn(page, user, "/import");
  await page.getByLabel("Or paste or edit the CSV here").fill(`${header}\n${rows.join("\n")}\n`);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByRole("alert")).toContainText("1 of 3 rows have problems");

  const bad = page.getByTestId("import-row-2");
  const problem = bad.getByRole("listitem").first();
  await expect(problem).toHaveText(/\S/);

  // Nothing wider than the phone: neither the page nor anything in the preview scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await sidewaysOverflow(preview)).toEqual([]);

  // Scrolled only vertically (as a thumb does) until the row is in view: its problem and channels are on screen.
  await problem.evaluate((el) => {
    const top = el.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top - window.innerHeight / 2);
  });
  expect(await page.evaluate(() => window.scrollX)).toBe(0);
  await expect(problem).toBeInViewport({ ratio: 1 });
  await expect(bad.locator('td[data-label="Channels"]')).toBeInViewport({ ratio: 1 });
  // Each value says which column it is: its header, drawn before it by CSS from data-label.
  const cell = await problem.evaluate((el) => {
    const td = el.closest("td") as Element;
    return { label: td.getAttribute("data-label"), before: getComputedStyle(td, "::before").content };
  });
  expect(cell.label).toBe("Problems");
  expect(["none", "normal", ""]).not.toContain(cell.before);
  await page.screenshot({ path: testInfo.outputPath("import-preview-phone.png"), fullPage: true });

  // Still a table to a screen reader: one header row and three rows, five column headers, five cells a row.
  await expect(preview.getByRole("table")).toBeVisible();
  expect(await tableRoles(page)).toEqual({ table: 1, row: 4, columnheader: 5, cell: 15 });
  await expect(preview.getByRole("columnheader", { name: "Problems" })).toHaveCount(1);

  await page.emulateMedia({ colorScheme: "light" });
  expect(await axeViolations(page), "import preview at phone width (light)").toEqual([]);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await axeViolations(page), "import preview at phone width (dark)").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("import-preview-phone-dark.png"), fullPage: true });
});

test("the evergreen library, the same table, is a card per post on a phone too", async ({ page }) => {
  const seeded = await seedInsights<SeededUser & { workspaceId: string }>({
    op: "evergreen",
    timezone: "Europe/Berlin",
    fresh: 2,
  });
  evergreenUsers.push(seeded);
  await signIn(page, seeded, "/evergreen");
  const library = page.getByTestId("evergreen-library");
  await expect(library.getByRole("row")).toHaveCount(4);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await sidewaysOverflow(library)).toEqual([]);
  const rotation = library.locator('tbody td[data-label="Next rotation"]').first();
  await rotation.scrollIntoViewIfNeeded();
  await expect(rotation).toBeInViewport({ ratio: 1 });
  expect(await axeViolations(page), "evergreen at phone width").toEqual([]);
});

test("a long row of emoji is cut whole in the preview, not in the middle of one", async ({ page }) => {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(Date.now() + 86_400_000));
  // 7 characters then emoji of two UTF-16 units each: the 140th unit is the first half of the 67th rocket.
  const text = `Launch ${"🚀".repeat(200)}`;
  await signIn(page, user, "/import");
  await page
    .getByLabel("Or paste or edit the CSV here")
    .fill(`text,channels,time,timezone,tags,media_urls\n"${text}",${ws.channelId},${day}T10:00,,,\n`);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const cell = page.getByTestId("import-row-1").locator('td[data-label="Text"]');
  await expect(cell).toContainText("…");
  const shown = await cell.evaluate((el) => el.textContent ?? "");
  // No lone surrogate (drawn as "�"): every high surrogate is followed by its low one.
  expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  expect(Array.from(shown)).toHaveLength(141);
});
