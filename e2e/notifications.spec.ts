import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createChannel, createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, signIn } from "./helpers";

// The bell (issue 12), in the built app with the real worker: two posts on a WEBHOOK channel pointing at a dead
// 127.0.0.1 port fail after their retries → the bell counts 2 unread → its list opens the post (which marks it read)
// → "Mark all read" clears the count. Then Settings → Notifications saves a choice.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;
let deadUrl: string;

test.beforeAll(async ({ request }) => {
  // A port that was just free and is closed again: a request there is refused at once.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/hook`;
  await new Promise((resolve) => probe.close(resolve));
  ws = await seedWorkspace(`e2e notifications ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

test("a failed post rings the bell; the list opens the post and marks it read; Mark all read clears it", async ({
  page,
  request,
}) => {
  const hook = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Dead hook ${run}`,
    config: { url: deadUrl },
    credentials: { secret: `e2e-notify-${run}` },
  });
  const posts = [];
  for (const name of ["first", "second"]) {
    const draft = await createPost(request, ws.token, { content: `Bell ${name} ${run}`, channelIds: [hook.id] });
    await schedulePost(request, ws.token, draft.id, new Date(Date.now() + 1_500));
    posts.push(draft);
  }

  await signIn(page, user);
  const bell = page.getByRole("button", { name: /^Notifications \d+$/ });
  await expect(bell).toHaveAttribute("data-count", "2", { timeout: 30_000 });
  await expect(bell).toHaveAccessibleName("Notifications 2");
  await expect(bell).toHaveAttribute("title", "Notifications: 2 unread");

  await bell.click();
  const panel = page.getByRole("region", { name: "Notifications" });
  const first = posts[0];
  if (!first) throw new Error("set-up");
  const item = panel.locator('[data-kind="post.failed"]', { hasText: `Bell first ${run}` });
  await expect(item).toHaveAttribute("data-read", "false");
  await expect(item).toContainText(`Failed: “Bell first ${run}”`);
  await expect(item).toContainText(`Dead hook ${run} (failed): webhook unreachable: ECONNREFUSED`);
  expect(await axeViolations(page), "the open bell").toEqual([]);
  await item.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`\\?post=${first.id}$`));
  const dialog = page.getByRole("dialog", { name: "Edit post" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Opening it marked it read: one left.
  await expect(bell).toHaveAttribute("data-count", "1");
  await bell.click();
  await expect(panel.locator('[data-read="true"]')).toHaveCount(1);
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAttribute("data-count", "0");
  await expect(panel.locator('[data-read="false"]')).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Mark all read" })).toBeDisabled();
});

test("Settings → Notifications saves my choice per kind", async ({ page }) => {
  await signIn(page, user, "/settings/notifications");
  const form = page.getByRole("form", { name: "Notification settings" });
  const email = form.getByRole("checkbox", { name: "A post failed: email" });
  await expect(email).toBeChecked();
  expect(await axeViolations(page), "Settings → Notifications").toEqual([]);
  await email.uncheck();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Notification settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "A post failed: email" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "A post failed: in-app" })).toBeChecked();
});

test("Settings → Workspace: the failure webhook's secret is shown once and Send test delivers a signed event", async ({
  page,
}) => {
  const received: { signature: string; raw: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ signature: String(req.headers["cadence-signature"]), raw: Buffer.concat(chunks).toString() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/failures`;
    await signIn(page, user, "/settings/workspace");
    const form = page.getByRole("form", { name: "Failure webhook" });
    await form.getByLabel("URL").fill(url);
    await form.getByRole("button", { name: "Set webhook" }).click();
    const secret = (await form.getByTestId("failure-webhook-secret").textContent()) ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(40);
    await form.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByText("Test delivered (HTTP 204)")).toBeVisible();
    expect(received).toHaveLength(1);
    const { signature, raw } = received[0] ?? { signature: "", raw: "" };
    const t = /t=(\d+)/.exec(signature)?.[1];
    const mac = createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex");
    expect(signature).toContain(`v1=${mac}`);
    expect(JSON.parse(raw)).toMatchObject({ kind: "test", workspace: { id: ws.workspaceId } });
    // Shown once: after a reload only the URL is there.
    await page.reload();
    await expect(page.getByRole("form", { name: "Failure webhook" }).getByLabel("URL")).toHaveValue(url);
    await expect(page.getByTestId("failure-webhook-secret")).toHaveCount(0);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
