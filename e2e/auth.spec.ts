import { expect, test } from "@playwright/test";
import { createPost } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { signIn } from "./helpers";

// Sign-in, the redirect of signed-out visits, sign-out and workspace isolation, in the built app.

const run = Date.now().toString(36);
let alpha: SeededWorkspace;
let beta: SeededWorkspace;
let ana: SeededUser; // member of alpha
let ben: SeededUser; // member of beta only

test.beforeAll(async () => {
  [alpha, beta] = await Promise.all([
    seedWorkspace(`e2e auth alpha ${run}`, "Europe/Berlin"),
    seedWorkspace(`e2e auth beta ${run}`, "America/New_York"),
  ]);
  [ana, ben] = await Promise.all([
    seedUser([alpha.workspaceId], { email: `ana-${run}@e2e.cadence.local` }),
    seedUser([beta.workspaceId], { email: `ben-${run}@e2e.cadence.local` }),
  ]);
});

test.afterAll(async () => {
  await removeWorkspaces([alpha.workspaceId, beta.workspaceId], [ana.userId, ben.userId]);
});

test("a signed-out visit of any dashboard page lands on sign-in and comes back after signing in", async ({ page }) => {
  for (const path of ["/insights", "/evergreen", "/library?kind=video", "/"]) {
    await page.goto(path);
    await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe(path === "/" ? null : path);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
  await page.goto("/evergreen");
  await page.getByLabel("Email").fill(ana.email);
  await page.getByLabel("Password").fill(ana.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/evergreen");
  await expect(page.getByRole("link", { name: "Evergreen" })).toHaveAttribute("aria-current", "page");
});

test("a wrong password is refused inline; the right one opens the dashboard; sign-out ends the session", async ({
  page,
  context,
}, testInfo) => {
  await page.goto("/sign-in");
  await expect(page.getByText("Demo account")).toHaveCount(0); // production build: no demo credentials
  await page.getByLabel("Email").fill(ana.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#sign-in-error")).toHaveText("Email or password is incorrect");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL((url) => url.pathname === "/sign-in");

  await signIn(page, ana);
  const cookie = (await context.cookies()).find((c) => c.name === "cadence_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("cadence_session");
  await expect(page.getByText(ana.email)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Workspace: e2e auth alpha/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Calendar" })).toHaveAttribute("aria-current", "page");

  const shot = testInfo.outputPath("signed-in-shell.png");
  await page.screenshot({ path: shot });
  await testInfo.attach("signed-in shell", { path: shot, contentType: "image/png" });

  // The switcher lists only Ana's workspace.
  await page.getByRole("button", { name: /^Workspace:/ }).click();
  await expect(page.getByRole("menuitemradio")).toHaveCount(1);
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Sign out" }).click();
  // The sign-in form replaces the dashboard. Its address is /sign-in; once in a CI run (not reproduced in 4 local
  // runs) a dashboard request racing the sign-out left "/" showing the same form, so the form is what is checked.
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText(ana.email)).toHaveCount(0);
  // The old cookie value is dead on the server too, not only removed from the browser.
  if (cookie) await context.addCookies([cookie]);
  const res = await page.request.get("/api/auth/session");
  expect(res.status()).toBe(401);
  await page.goto("/insights");
  await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
});

test("a second user in another workspace never sees the first one's posts", async ({ page, request }) => {
  const anaPost = await createPost(request, alpha.token, {
    content: `alpha private ${run}`,
    channelIds: [alpha.channelId],
  });
  const benPost = await createPost(request, beta.token, { content: `beta own ${run}`, channelIds: [beta.channelId] });

  await signIn(page, ben);
  const list = await page.request.get("/api/posts?status=DRAFT");
  expect(list.status()).toBe(200);
  const ids = ((await list.json()) as { posts: { id: string }[] }).posts.map((p) => p.id);
  expect(ids).toContain(benPost.id);
  expect(ids).not.toContain(anaPost.id);
  expect((await page.request.get(`/api/posts/${anaPost.id}`)).status()).toBe(404);
  // A cookie write from the page's own origin works; the same write claiming another origin is refused.
  const cross = await page.request.delete(`/api/posts/${benPost.id}`, {
    headers: { origin: "https://evil.example" },
  });
  expect(cross.status()).toBe(403);

  await expect(page.locator(`[data-post-id="${benPost.id}"]`).first()).toBeVisible();
  await expect(page.getByText(`alpha private ${run}`)).toHaveCount(0);
  await expect(page.locator(`[data-post-id="${anaPost.id}"]`)).toHaveCount(0);
});

test("at phone width the page links stay reachable in their own row", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, ana);
  for (const name of ["Calendar", "Insights", "Evergreen", "Media"]) {
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
