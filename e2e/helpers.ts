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
