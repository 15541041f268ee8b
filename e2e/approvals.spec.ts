import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { refuseAutosave, signIn } from "./helpers";

// Approvals with two signed-in people in two browser contexts (README "Approvals"): the Editor submits a post for
// approval → the Approver requests changes with a comment → the Editor sees the request, edits and resubmits → the
// Approver approves → the post is SCHEDULED and the real worker publishes it on the SANDBOX channel.

const run = Date.now().toString(36);
let ws: SeededWorkspace;
let editor: SeededUser;
let approver: SeededUser;
let owner: SeededUser;

test.beforeAll(async ({ request }) => {
  ws = await seedWorkspace(`e2e approvals ${run}`, "UTC");
  [editor, approver, owner] = await Promise.all([
    seedUser([ws.workspaceId], { email: `editor-${run}@e2e.cadence.local`, role: "EDITOR" }),
    seedUser([ws.workspaceId], { email: `approver-${run}@e2e.cadence.local`, role: "APPROVER" }),
    seedUser([ws.workspaceId], { email: `owner-${run}@e2e.cadence.local`, role: "OWNER" }),
  ]);
  const on = await request.patch("/api/workspace", {
    headers: { authorization: `Bearer ${ws.token}` },
    data: { approvalsRequired: true },
  });
  expect(on.status(), await on.text()).toBe(200);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws)
    await removeWorkspaces(
      [ws.workspaceId],
      [editor?.userId, approver?.userId, owner?.userId].filter(Boolean) as string[],
    );
});

type ApiPost = { id: string; status: string; content: string; reviewState: string | null };

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: { authorization: `Bearer ${ws.token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

/** "YYYY-MM-DD" and "HH:mm" in UTC (the workspace's zone). */
function wallClock(at: Date): { date: string; time: string } {
  const iso = at.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

async function openPost(page: Page, id: string) {
  await page.goto(`/?post=${id}`);
  const dialog = page.getByRole("dialog", { name: "Edit post" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("the Owner switches approvals in Settings → Workspace", async ({ page, request }) => {
  const approvals = async () => {
    const res = await request.get("/api/workspace", { headers: { authorization: `Bearer ${ws.token}` } });
    return ((await res.json()) as { approvalsRequired: boolean }).approvalsRequired;
  };
  await signIn(page, owner, "/settings/workspace");
  const toggle = page.getByRole("checkbox", { name: "Posts by Editors need approval" });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Workspace settings saved")).toBeVisible();
  expect(await approvals()).toBe(false);
  await toggle.check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect.poll(approvals).toBe(true);
});

test("Editor submits, Approver requests changes, Editor resubmits, Approver approves, the post publishes", async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const editorContext = await browser.newContext();
  const approverContext = await browser.newContext();
  try {
    const editorPage = await editorContext.newPage();
    await signIn(editorPage, editor);
    await refuseAutosave(editorPage);
    await editorPage.getByRole("button", { name: "New post" }).click();
    let dialog = editorPage.getByRole("dialog");
    const content = `Spring sale ${run}`;
    await dialog.getByLabel("Content").fill(content);
    await dialog.getByRole("checkbox", { name: /E2E sandbox/ }).check();
    const tomorrow = wallClock(new Date(Date.now() + 24 * 3_600_000));
    await dialog.getByLabel("Date").fill(tomorrow.date);
    await dialog.getByLabel("Time", { exact: true }).fill(tomorrow.time);
    // With approvals on, an Editor's button says what will happen.
    await expect(dialog.getByRole("button", { name: "Schedule", exact: true })).toHaveCount(0);
    const created = editorPage.waitForResponse(
      (r) => r.url().endsWith("/api/posts") && r.request().method() === "POST",
    );
    await dialog.getByRole("button", { name: "Submit for approval" }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const { id } = (await response.json()) as ApiPost;
    await expect(editorPage.getByText(/^Submitted for approval, for /)).toBeVisible();
    expect((await getPost(request, id)).status).toBe("IN_REVIEW");

    // The Approver opens it: in review; asks for a change with a comment.
    const approverPage = await approverContext.newPage();
    await signIn(approverPage, approver);
    let review = await openPost(approverPage, id);
    await expect(review.locator('[data-status="IN_REVIEW"]').first()).toBeVisible();
    await expect(review.getByText("In review: waiting for approval")).toBeVisible();
    await review.getByRole("button", { name: "Request changes" }).click();
    await review.getByLabel("What should change?").fill(`Mention the 20% discount ${run}`);
    await review.getByRole("button", { name: "Send request" }).click();
    await expect(review).toBeHidden();
    await expect.poll(async () => (await getPost(request, id)).status).toBe("DRAFT");

    // The Editor sees the request (who and what), edits, and resubmits at a time a minute or two away.
    dialog = await openPost(editorPage, id);
    await expect(dialog.getByRole("note").filter({ hasText: "Changes requested" })).toContainText(
      `Mention the 20% discount ${run}`,
    );
    await expect(dialog.locator('[data-kind="CHANGES_REQUESTED"]')).toContainText("requested changes");
    await dialog.getByLabel("Content").fill(`${content}: 20% off everything`);
    const soon = wallClock(new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000));
    await dialog.getByLabel("Date").fill(soon.date);
    await dialog.getByLabel("Time", { exact: true }).fill(soon.time);
    await dialog.getByRole("button", { name: "Submit for approval" }).click();
    await expect(editorPage.getByText(/^Submitted for approval, for /)).toBeVisible();
    await expect.poll(async () => (await getPost(request, id)).status).toBe("IN_REVIEW");

    // The Approver reads the new text and approves: scheduled, and the worker publishes it at its time.
    review = await openPost(approverPage, id);
    await expect(review.getByLabel("Content")).toHaveValue(`${content}: 20% off everything`);
    await expect(review.locator('[data-kind="SUBMITTED"]')).toHaveCount(2);
    await review.getByRole("button", { name: "Approve" }).click();
    await expect(approverPage.getByText("Approved: the post is scheduled")).toBeVisible();
    const approved = await getPost(request, id);
    expect(approved).toMatchObject({ reviewState: "APPROVED" });
    expect(["SCHEDULED", "PUBLISHING", "PUBLISHED"]).toContain(approved.status);
    await expect
      .poll(async () => (await getPost(request, id)).status, { timeout: 170_000, intervals: [1000, 2000] })
      .toBe("PUBLISHED");
  } finally {
    await editorContext.close();
    await approverContext.close();
  }
});
