import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";

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

const probe = promisify(execFile);

/** The state of each version's publish job of `postId` in the e2e queue (null: no job), read by e2e/calendar-probe.ts. */
export async function publishJobStates(postId: string, versions: number[]): Promise<Record<string, string | null>> {
  const queueName = process.env.E2E_QUEUE_NAME ?? "";
  const { stdout } = await probe(
    process.execPath,
    ["--import", "tsx", "e2e/calendar-probe.ts", JSON.stringify({ op: "jobs", queueName, postId, versions })],
    { cwd: path.resolve(__dirname, ".."), env: { ...process.env, LOG_LEVEL: "warn" }, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}
