import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { formatDateTime } from "@/lib/time/format-date-time";
import { createPost, schedulePost, waitForWorker } from "./api";
import { type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { seedInsights, signIn } from "./helpers";

// The sent card's metrics and Undo on a toast (README "Composer", "Engagement metrics", "Undo"), in the built app
// with the real worker:
// - a published post's card says "No metrics yet", then, once a snapshot is stored, shows each channel's latest
//   figures with "as of" in the workspace's zone (New York here, the browser in UTC);
// - the composer's Unschedule → Undo puts the post back at the same instant; its Delete → Undo keeps the post;
// - an evergreen rotation → Undo puts every rotated post back as it was.

const run = Date.now().toString(36);
const ZONE = "America/New_York";
let ws: SeededWorkspace;
let user: SeededUser;
const cleanup = { workspaceIds: [] as string[], userIds: [] as string[] };

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e sent-undo ${run}`, ZONE);
  user = await seedUser([ws.workspaceId]);
  cleanup.workspaceIds.push(ws.workspaceId);
  cleanup.userIds.push(user.userId);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  // seed-insights' cleanup also removes the workspaces' metric documents from MongoDB.
  if (cleanup.workspaceIds.length) await seedInsights({ op: "cleanup", ...cleanup });
});

const auth = () => ({ authorization: `Bearer ${ws.token}` });
type ApiPost = {
  id: string;
  status: string;
  scheduledAt: string | null;
  version: number;
  latestPublication: { id: string } | null;
};
async function getPost(request: APIRequestContext, id: string) {
  const res = await request.get(`/api/posts/${id}`, { headers: auth() });
  return { status: res.status(), post: res.ok() ? ((await res.json()) as ApiPost) : null };
}
const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

test("the sent card shows 'No metrics yet', then each channel's latest figures as of a time in the workspace zone", async ({
  page,
  request,
}) => {
  const content = `Metrics ${run}`;
  const post = await createPost(request, ws.token, { content, channelIds: [ws.channelId] });
  await schedulePost(request, ws.token, post.id, new Date(Date.now() + 2_000));
  await expect
    .poll(async () => (await getPost(request, post.id)).post?.status, { timeout: 30_000, intervals: [500] })
    .toBe("PUBLISHED");

  await signIn(page, user);
  await page.goto(`/?post=${post.id}`);
  const card = page.getByRole("dialog", { name: "Sent post" });
  const metrics = card.getByTestId("sent-metrics");
  await expect(metrics).toContainText("No metrics yet");

  // A collector stores two readings; the later one is what the card shows.
  const published = (await getPost(request, post.id)).post;
  const publicationId = published?.latestPublication?.id as string;
  // Seconds after the publish (the poll and the sign-in came between), and not in the future.
  const collectedAt = new Date();
  const earlier = new Date(collectedAt.getTime() - 200);
  const stored = await request.post("/api/metrics", {
    headers: auth(),
    data: {
      snapshots: [
        { publicationId, channelId: ws.channelId, collectedAt: earlier.toISOString(), likes: 1, shares: 0 },
        {
          publicationId,
          channelId: ws.channelId,
          collectedAt: collectedAt.toISOString(),
          impressions: 4321,
          likes: 42,
          comments: 7,
          shares: 3,
        },
      ],
    },
  });
  expect(stored.status(), await stored.text()).toBe(201);

  await page.keyboard.press("Escape");
  await page.goto(`/?post=${post.id}`);
  const channel = card.getByTestId("channel-metrics");
  await expect(channel).toHaveCount(1);
  // SANDBOX names no numbers of its own: each reported one under its generic name (reach: not reported, left out).
  await expect(channel.locator("dt")).toHaveText(["Impressions", "Likes", "Comments", "Shares", "Saves", "Clicks"]);
  await expect(channel.locator("dd")).toHaveText([/4,?321/, "42", "7", "3", "0", "0"]);
  const locale = await page.evaluate(() => navigator.language);
  const asOf = formatDateTime(collectedAt, { timeZone: ZONE, locale, now: new Date() });
  await expect(channel).toContainText(`as of ${asOf}`);
  expect(asOf).toMatch(/EST|EDT|GMT-[45]/);
});

test("the composer's Unschedule → Undo puts the post back at the same time; Delete → Undo keeps it", async ({
  page,
  request,
}) => {
  const post = await createPost(request, ws.token, { content: `Undo me ${run}`, channelIds: [ws.channelId] });
  const at = new Date(Date.now() + 3 * 86_400_000);
  at.setUTCSeconds(0, 0);
  const scheduled = await schedulePost(request, ws.token, post.id, at);
  expect(scheduled.scheduledAt).toBe(at.toISOString());

  await signIn(page, user);
  await page.goto(`/?post=${post.id}`);
  const editor = page.getByRole("dialog", { name: "Edit post" });
  await editor.getByRole("button", { name: "Unschedule" }).click();
  await expect(editor).toBeHidden();
  const unscheduled = toast(page, "Unscheduled: the post is a draft again");
  await expect(unscheduled).toBeVisible();
  await expect.poll(async () => (await getPost(request, post.id)).post?.status).toBe("DRAFT");

  await unscheduled.getByRole("button", { name: "Undo" }).click();
  await expect(toast(page, /^Put back for /)).toBeVisible();
  await expect
    .poll(async () => {
      const p = (await getPost(request, post.id)).post;
      return [p?.status, p?.scheduledAt];
    })
    .toEqual(["SCHEDULED", at.toISOString()]);

  // Delete asks once more, hides the post at once, and Undo keeps it: after the toast's time it is still there.
  const draft = await createPost(request, ws.token, { content: `Keep me ${run}`, channelIds: [ws.channelId] });
  await page.reload();
  const item = page.locator(`.cal-drafts .cal-draft[data-post-id="${draft.id}"]`);
  await item.click();
  await editor.getByRole("button", { name: "Delete", exact: true }).click();
  await editor.getByRole("button", { name: "Confirm delete" }).click();
  await expect(editor).toBeHidden();
  await expect(item).toHaveCount(0);
  await toast(page, "Post deleted").getByRole("button", { name: "Undo" }).click();
  await expect(toast(page, "Kept: the post was not deleted")).toBeVisible();
  await expect(item).toBeVisible();
  // Longer than the toast could have stayed (DELETE_UNDO_MS): nothing was sent.
  await page.waitForTimeout(7_000);
  expect((await getPost(request, draft.id)).status).toBe(200);
});

test("an evergreen rotation → Undo puts every rotated post back as it was", async ({ page }) => {
  const seeded = await seedInsights<SeededUser & { workspaceId: string; fresh: string[]; recentId: string }>({
    op: "evergreen",
    timezone: "Europe/Berlin",
    fresh: 2,
  });
  cleanup.workspaceIds.push(seeded.workspaceId);
  cleanup.userIds.push(seeded.userId);
  await signIn(page, seeded, "/evergreen");
  const states = async () =>
    Promise.all(
      seeded.fresh.map(async (id) => {
        const p = (await (await page.request.get(`/api/posts/${id}`)).json()) as ApiPost;
        return [p.status, p.scheduledAt];
      }),
    );
  const before = await states();
  expect(before.every(([status]) => status !== "SCHEDULED")).toBe(true);

  await page.getByLabel("Posts to schedule").fill("2");
  await page.getByRole("button", { name: "Rotate now" }).click();
  const rotated = toast(page, "Scheduled 2 evergreen posts");
  await expect(rotated).toBeVisible();
  await expect.poll(async () => (await states()).map(([status]) => status)).toEqual(["SCHEDULED", "SCHEDULED"]);

  await rotated.getByRole("button", { name: "Undo" }).click();
  await expect(toast(page, "Rotation undone: 2 evergreen posts back as they were")).toBeVisible();
  expect(await states()).toEqual(before);
  // The rotation's result panel goes with it; the library shows no next time for them.
  await expect(page.getByTestId("rotation-result")).toHaveCount(0);
});
