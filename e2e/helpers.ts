import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Locator, type Page } from "@playwright/test";

// Browser helpers shared by the specs.

/**
 * Signs in through the form, as a person does, and waits for the dashboard. `next` (default `/`) is where the
 * form returns afterwards.
 */
export async function signIn(page: Page, { email, password }: { email: string; password: string }, next = "/") {
  await page.goto(next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname + url.search === next);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

const run = promisify(execFile);

/**
 * Runs an e2e script (seeds, queue probes) in a tsx child process with one JSON command and returns its answer:
 * the last line it prints, as JSON. A child, because the specs run under Playwright's loader, not the app's.
 */
export async function runScript<T>(script: string, command: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "./scripts/tsx-loader.mjs", script, JSON.stringify(command)],
    {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, LOG_LEVEL: "warn" },
      timeout: timeoutMs,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as T;
}

/** Seeds for the insights, evergreen and accessibility specs (e2e/seed-insights.ts). */
export const seedInsights = <T>(command: Record<string, unknown>) =>
  runScript<T>("e2e/seed-insights.ts", command, 90_000);

/** The state of each version's publish job of `postId` in the e2e queue (null: no job), read by e2e/calendar-probe.ts. */
export function publishJobStates(postId: string, versions: number[]): Promise<Record<string, string | null>> {
  const queueName = process.env.E2E_QUEUE_NAME ?? "";
  return runScript("e2e/calendar-probe.ts", { op: "jobs", queueName, postId, versions }, 30_000);
}

const AXE = require.resolve("axe-core/axe.min.js");

/** Serious and critical violations on the page as it is now, one line each ("" when none). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Right after a click on a link the next document may not have a <head> yet (CI saw addScriptTag fail with
  // "Cannot read properties of null (reading 'appendChild')"): wait for it to be parsed first.
  await page.waitForLoadState("domcontentloaded");
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type Result = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Result[] }> } })
      .axe;
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")})`,
      );
  });
}

/**
 * Waits until `locator` is drawn once on the calendar, paging forward (at most `pages` times) if it is not: a post due
 * in a minute may fall in the next week or month. Each look waits the full expect timeout first, so a grid still
 * loading is never paged away from.
 */
export async function showOnCalendar(page: Page, locator: Locator, pages = 1): Promise<Locator> {
  for (let i = 0; i < pages; i++) {
    try {
      await expect(locator).toHaveCount(1);
      return locator;
    } catch {
      await page.locator(".fc-next-button").click();
    }
  }
  await expect(locator).toHaveCount(1);
  return locator;
}

/** The post's event on the calendar (this week's or month's grid, or the next one's). */
export const postEvent = (page: Page, postId: string) =>
  showOnCalendar(page, page.locator(`.fc-event [data-post-id="${postId}"]`));

/**
 * Refuses the composer's draft autosave (requests with `x-cadence-autosave`) on this page, for a test about the
 * person's own Save or Schedule requests: which request creates the post then never depends on how long the test
 * paused. The autosave itself is tested in e2e/composer-autosave.spec.ts.
 */
export async function refuseAutosave(page: Page): Promise<void> {
  await page.route("**/api/posts**", (route) =>
    route.request().headers()["x-cadence-autosave"] ? route.abort() : route.fallback(),
  );
}
