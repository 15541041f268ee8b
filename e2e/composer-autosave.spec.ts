import { type APIRequestContext, expect, type Page, type Route, test } from "@playwright/test";
import { createPost, schedulePost, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { signIn } from "./helpers";

// The composer never loses work, and a sent post is a record, not a form (README "Composer"), in the built app with
// the real worker:
// - a typed caption, then Esc before it is saved: "Discard changes?"; kept, it autosaves as a DRAFT, and reopened
//   from the drafts list it is there; discarded (its autosave refused here), nothing is saved;
// - a published post opens as the read-only "Sent post" card; Duplicate makes a DRAFT copy that opens as an
//   editable form and autosaves; Edit as new does the same in one click.
// The autosave's requests (header x-cadence-autosave) are held or refused through page.route, so whether the
// question comes before or after a save never depends on timing.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let user: SeededUser;

type ApiPost = {
  id: string;
  content: string;
  status: string;
  scheduledAt: string | null;
  tags: string[];
  version: number;
  channels: { id: string }[];
};

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e autosave ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
});

const auth = () => ({ authorization: `Bearer ${ws.token}` });
async function postsWith(request: APIRequestContext, content: string): Promise<ApiPost[]> {
  const res = await request.get("/api/posts?limit=1000", { headers: auth() });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { posts: ApiPost[] }).posts.filter((p) => p.content === content);
}

/** Autosave requests wait for `release()` ("hold"), are refused ("abort") or go through ("pass"). */
async function controlAutosave(page: Page) {
  let mode: "hold" | "abort" | "pass" = "hold";
  let release = () => {};
  let gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen: string[] = [];
  await page.route("**/api/posts**", async (route: Route) => {
    if (route.request().headers()["x-cadence-autosave"] !== "draft") return route.fallback();
    seen.push(route.request().method());
    if (mode === "abort") return route.abort();
    if (mode === "hold") await gate;
    return route.fallback();
  });
  return {
    seen,
    set(next: "hold" | "abort" | "pass") {
      mode = next;
      if (next !== "hold") release();
      else
        gate = new Promise<void>((resolve) => {
          release = resolve;
        });
    },
  };
}

test("a typed caption: closing asks first; kept, it autosaves as a draft that is there on reopening", async ({
  page,
  request,
}) => {
  const autosave = await controlAutosave(page);
  await signIn(page, user);
  const caption = `Never lost ${run}`;
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "New post" })).toBeVisible();
  await dialog.getByLabel("Content").fill(caption);

  // Esc before the draft is saved: asked, and "Keep editing" keeps the text.
  await page.keyboard.press("Escape");
  const ask = page.getByRole("alertdialog", { name: "Discard changes?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Keep editing" }).click();
  await expect(ask).toBeHidden();
  await expect(dialog.getByLabel("Content")).toHaveValue(caption);
  // The × button asks too.
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Keep editing" }).click();

  // The autosave goes through: one POST, a DRAFT with no time; the composer says so and now edits that post.
  await expect.poll(() => autosave.seen.length, { timeout: 10_000 }).toBeGreaterThan(0);
  autosave.set("pass");
  await expect(dialog.getByRole("status").filter({ hasText: /^Draft saved/ })).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Edit post" })).toBeVisible();
  const [draft, ...others] = await postsWith(request, caption);
  expect(others).toEqual([]);
  expect(draft).toMatchObject({ status: "DRAFT", scheduledAt: null });
  expect(autosave.seen).toEqual(["POST"]);

  // Saved: Esc closes without a question.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(ask).toBeHidden();

  // Reopened from the drafts list, the caption is there; more typing autosaves onto the same post (PATCH).
  await page.locator(`.cal-drafts [data-post-id="${draft?.id}"]`).click();
  await expect(dialog.getByLabel("Content")).toHaveValue(caption);
  await dialog.getByLabel("Content").fill(`${caption}, and more`);
  await expect(dialog.getByRole("status").filter({ hasText: /^Draft saved/ })).toBeVisible();
  await expect
    .poll(async () => (await postsWith(request, `${caption}, and more`)).map((p) => p.id))
    .toEqual([draft?.id]);
  expect(autosave.seen).toEqual(["POST", "PATCH"]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // A caption whose autosave is refused: closing asks, "Discard" closes, and nothing was saved.
  autosave.set("abort");
  const thrownAway = `Thrown away ${run}`;
  await page.getByRole("button", { name: "New post" }).click();
  await dialog.getByLabel("Content").fill(thrownAway);
  await expect(dialog.getByRole("status").filter({ hasText: /^Draft not saved/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Discard" }).click();
  await expect(dialog).toBeHidden();
  expect(await postsWith(request, thrownAway)).toEqual([]);
});

test("a published post opens as the sent card; Duplicate and Edit as new give an editable draft", async ({
  page,
  request,
}) => {
  const content = `Went out ${run}`;
  const original = await createPost(request, ws.token, { content, channelIds: [ws.channelId], tags: ["launch"] });
  await schedulePost(request, ws.token, original.id, new Date(Date.now() + 2_000));
  await expect
    .poll(
      async () =>
        ((await (await request.get(`/api/posts/${original.id}`, { headers: auth() })).json()) as ApiPost).status,
      { timeout: 30_000, intervals: [500] },
    )
    .toBe("PUBLISHED");

  await signIn(page, user);
  await page.goto(`/?post=${original.id}`);
  const card = page.getByRole("dialog", { name: "Sent post" });
  await expect(card.getByTestId("sent-card")).toBeVisible();
  await expect(card.getByTestId("sent-text")).toHaveText(content);
  await expect(card.getByRole("region", { name: "Last publication" })).toContainText("Published");
  // Read-only: no text field, no Save or Schedule.
  await expect(card.getByRole("textbox")).toHaveCount(0);
  await expect(card.getByRole("button", { name: /Save|Schedule/ })).toHaveCount(0);

  // Duplicate: a DRAFT copy with the same text, channel and tags and no time, opened as an editable form.
  await card.getByRole("button", { name: "Duplicate", exact: true }).click();
  await expect(card.getByTestId("duplicated")).toContainText("Duplicated: the copy is a draft.");
  const copies = (await postsWith(request, content)).filter((p) => p.id !== original.id);
  expect(copies).toHaveLength(1);
  expect(copies[0]).toMatchObject({
    status: "DRAFT",
    scheduledAt: null,
    tags: ["launch"],
    channels: [{ id: ws.channelId }],
  });
  await card.getByRole("button", { name: "Open the copy" }).click();
  const form = page.getByRole("dialog", { name: "Edit post" });
  await expect(form.getByLabel("Content")).toHaveValue(content);
  await expect(form.getByRole("button", { name: "Save draft" })).toBeEnabled();
  await form.getByLabel("Content").fill(`${content} — again`);
  await expect(form.getByRole("status").filter({ hasText: /^Draft saved/ })).toBeVisible();
  expect((await postsWith(request, `${content} — again`)).map((p) => p.id)).toEqual([copies[0]?.id]);
  // The original is untouched.
  const still = (await (await request.get(`/api/posts/${original.id}`, { headers: auth() })).json()) as ApiPost;
  expect(still).toMatchObject({ status: "PUBLISHED", content });
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();

  // Edit as new: the copy opens at once.
  await page.goto(`/?post=${original.id}`);
  await card.getByRole("button", { name: "Edit as new" }).click();
  await expect(form.getByLabel("Content")).toHaveValue(content);
  expect((await postsWith(request, content)).filter((p) => p.id !== original.id)).toHaveLength(1);
});
