import { expect, test } from "@playwright/test";
import { seedInsights, signIn, axeViolations as violations } from "./helpers";

// Every page (and the composer) through axe-core in the built app: no serious or critical WCAG violation. Keyboard
// paths and focus are covered by the feature specs; this catches missing names, bad ARIA and contrast.

type SeededUser = { workspaceId: string; userId: string; email: string; password: string };
let user: SeededUser | undefined;

test.afterAll(async () => {
  if (user) await seedInsights({ op: "cleanup", workspaceIds: [user.workspaceId], userIds: [user.userId] });
});

test("sign-in, calendar, composer, insights, evergreen and media have no serious accessibility violations", async ({
  page,
}) => {
  user = await seedInsights<SeededUser>({ op: "insights", timezone: "Europe/Berlin", withHistory: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toBeVisible();
  expect(await violations(page), "sign-in").toEqual([]);

  await signIn(page, user);
  await expect(page.locator(".fc-timegrid, .fc-list").first()).toBeVisible();
  expect(await violations(page), "calendar").toEqual([]);

  await page.getByRole("button", { name: "New post" }).click();
  await expect(page.getByRole("dialog", { name: "New post" })).toBeVisible();
  expect(await violations(page), "composer").toEqual([]);
  await page.keyboard.press("Escape");

  await page.goto("/insights");
  await expect(page.locator("[data-slot]")).toHaveCount(168);
  expect(await violations(page), "insights").toEqual([]);

  await page.goto("/evergreen");
  await expect(page.getByRole("heading", { name: "Evergreen", level: 1 })).toBeVisible();
  expect(await violations(page), "evergreen").toEqual([]);

  // The Media page with an item in it (an 8×6 PNG made by sharp) (uploaded with the session, as the page does), then its delete dialog.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWMwTvuPFTEMpAQARSBMgUseUsYAAAAASUVORK5CYII=",
    "base64",
  );
  const uploaded = await page.request.post("/api/media?name=a11y.png", {
    headers: { "content-type": "image/png", origin: new URL(page.url()).origin },
    data: png,
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const mediaId = ((await uploaded.json()) as { id: string }).id;
  await page.goto("/library");
  await expect(page.getByRole("heading", { name: "Media", level: 1 })).toBeVisible();
  await expect(page.locator("li[data-media-id]")).toHaveCount(1);
  expect(await violations(page), "media").toEqual([]);
  await page.getByRole("button", { name: "Delete a11y.png" }).click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  expect(await violations(page), "media delete dialog").toEqual([]);
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toBeHidden();
  expect((await page.request.get(`/api/media/${mediaId}`)).status()).toBe(404);

  // Settings → Channels, with a connect form and a disconnect confirmation open.
  await page.goto("/settings/channels");
  await expect(page.locator("li[data-channel-id]").first()).toBeVisible();
  expect(await violations(page), "channels").toEqual([]);
  await page.getByRole("button", { name: "Connect Bluesky" }).click();
  await page.locator("li[data-channel-id]").first().getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("button", { name: "Confirm disconnect" })).toBeEnabled();
  expect(await violations(page), "channels with forms open").toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.locator(".fc-timeGridDay-view").first()).toBeVisible();
  expect(await violations(page), "calendar at phone width").toEqual([]);
  await page.goto("/settings/channels");
  await expect(page.locator("li[data-channel-id]").first()).toBeVisible();
  expect(await violations(page), "channels at phone width").toEqual([]);
  // Nothing wider than the screen: the page scrolls only vertically.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
