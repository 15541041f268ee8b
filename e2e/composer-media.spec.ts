import { type APIRequestContext, expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/helpers/webhook-receiver";
import { createChannel, waitForWorker } from "./api";
import { removeWorkspaces, type SeededUser, type SeededWorkspace, seedUser, seedWorkspace } from "./factories";
import { axeViolations, postEvent, refuseAutosave, signIn } from "./helpers";

// Media in the composer, in the built app with the real worker:
// - two images arrive by the file picker and by a drop, get alt text, are reordered (keyboard, pointer drag and the
//   move buttons), and the post is scheduled a minute ahead on the workspace's SANDBOX channel and on a WEBHOOK
//   channel; the API lists the media in that order with that alt text, and after publication the delivery (the same
//   body the SANDBOX adapter records in its log, lib/publishing/format.ts) lists both in that order with their alt
//   text and fetchable URLs; reopened, the composer shows them again;
// - a refused file (HTML named .png, an SVG: 415; a 21 MiB JPEG: 413) shows its refusal by name while the others
//   upload;
// - five images (four from the library picker, one pasted) do not fit Bluesky: its counter line says why, while
//   the SANDBOX line says they fit.

const run = Date.now().toString(36);
const SECRET = `e2e-media-webhook-secret-${run}`;
let ws: SeededWorkspace;
let user: SeededUser;

type Delivered = {
  signed: boolean;
  postId: string;
  media: { url: string; type: string; width: number; height: number; altText: string | null }[];
};
/** A real receiver in this process (tests/helpers/webhook-receiver.ts): verifies signatures, records deliveries. */
let receiver: WebhookReceiver;
const delivered = (): Delivered[] =>
  receiver.deliveries.map((d) => {
    const body = d.body as { post: { id: string; media: Delivered["media"] } };
    return { signed: d.signatureValid, postId: body.post.id, media: body.post.media };
  });

type ApiPost = {
  id: string;
  status: string;
  media: {
    id: string;
    name: string;
    mimeType: string;
    width: number;
    height: number;
    altText: string | null;
    thumbnailUrl: string | null;
  }[];
  latestPublication: {
    status: string;
    results: {
      channelId: string;
      status: string;
      errorMessage: string | null;
      sentMedia: { id: string; name: string; altText: string | null }[];
    }[];
  } | null;
};

const auth = () => ({ authorization: `Bearer ${ws.token}` });

test.beforeAll(async ({ request }) => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  ws = await seedWorkspace(`e2e composer media ${run}`, "UTC");
  user = await seedUser([ws.workspaceId]);
  await waitForWorker(request, ws.token);
});

test.afterAll(async () => {
  if (ws) await removeWorkspaces([ws.workspaceId], user ? [user.userId] : []);
  await receiver?.close();
});

type FileSpec = { name: string; mimeType: string; buffer: Buffer };

const png = async (name: string, width: number, height: number, colour: string): Promise<FileSpec> => ({
  name,
  mimeType: "image/png",
  buffer: await sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer(),
});

const jpeg = async (name: string, width: number, height: number, colour: string): Promise<FileSpec> => ({
  name,
  mimeType: "image/jpeg",
  buffer: await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer(),
});

/** A DataTransfer in the page holding `files`, as the browser builds one for a drop or a paste. */
function dataTransferOf(page: Page, files: FileSpec[]) {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString("base64") }));
  return page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
}

/** Drags `files` over the composer's drop zone (which lights up) and drops them there. */
async function dropFiles(page: Page, dialog: Locator, files: FileSpec[]) {
  const zone = dialog.locator("[data-media-drop]");
  const dataTransfer = await dataTransferOf(page, files);
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await expect(zone).toHaveClass(/is-over/);
  await expect(zone).toContainText("Drop to upload");
  await zone.dispatchEvent("dragover", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
  await expect(zone).not.toHaveClass(/is-over/);
}

/** Pastes `files` (as a clipboard holding copied files) into the Content field. */
async function pasteFiles(page: Page, dialog: Locator, files: FileSpec[]) {
  const dataTransfer = await dataTransferOf(page, files);
  await dialog.getByLabel("Content").evaluate((el, clipboardData) => {
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, dataTransfer);
}

/** The media cards' names, in the order shown. */
// What the tray lists now: a one-shot read, so callers poll it (expect.poll) — the tray re-renders after the action.
const trayNames = (dialog: Locator) => dialog.locator(".media-tray > li .media-name").allTextContents();

async function getPost(request: APIRequestContext, id: string): Promise<ApiPost> {
  const res = await request.get(`/api/posts/${id}`, { headers: auth() });
  expect(res.status()).toBe(200);
  return (await res.json()) as ApiPost;
}

async function openComposer(page: Page): Promise<Locator> {
  await signIn(page, user);
  await page.getByRole("button", { name: "New post" }).click();
  const dialog = page.getByRole("dialog", { name: "New post" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("two images dropped and picked get alt text and a new order, which the API and the delivery keep", async ({
  page,
  request,
}) => {
  // Scheduled about a minute ahead (the composer's time has minutes), then waits for the worker to publish it.
  test.setTimeout(240_000);
  receiver.deliveries.length = 0;
  const hook = await createChannel(request, ws.token, {
    platform: "WEBHOOK",
    displayName: `Media hook ${run}`,
    config: { url: receiver.url },
    credentials: { secret: SECRET },
  });
  const red = await png(`red-${run}.png`, 64, 32, "#d00000");
  const blue = await jpeg(`blue-${run}.jpg`, 40, 40, "#0030d0");

  await refuseAutosave(page);
  const dialog = await openComposer(page);
  await dialog.getByLabel("Content").fill(`Two pictures ${run}`);
  await dialog.getByRole("checkbox", { name: /E2E sandbox/ }).check();
  await dialog.getByRole("checkbox", { name: new RegExp(`Media hook ${run}`) }).check();

  // One by the file picker ("Add media"), one dropped onto the composer.
  await dialog.locator("[data-media-input]").setInputFiles([red]);
  await expect(dialog.locator('.media-tray > li[data-state="ready"]')).toHaveCount(1);
  await dropFiles(page, dialog, [blue]);
  await expect(dialog.locator('.media-tray > li[data-state="ready"]')).toHaveCount(2);
  await expect.poll(() => trayNames(dialog)).toEqual([red.name, blue.name]);
  await expect(dialog.locator(".media-tray img")).toHaveCount(2);

  // Without alt text each image carries the reminder; it goes once the text is written.
  await expect(dialog.getByText(/^Add alt text: people using screen readers/)).toHaveCount(2);
  await dialog.getByLabel(`Alt text for ${red.name}`).fill("A red band, twice as wide as high");
  await dialog.getByLabel(`Alt text for ${blue.name}`).fill("A blue square");
  await expect(dialog.getByText(/^Add alt text:/)).toHaveCount(0);

  // The SANDBOX line says the two fit.
  await expect(dialog.locator(`[data-channel-media="${ws.channelId}"]`)).toHaveText(/2 media items fit/);

  // Keyboard: the red thumbnail, ArrowRight → blue, red; focus stays on it and the move is announced.
  const redThumb = dialog.getByRole("button", { name: new RegExp(`^${red.name}, 1 of 2`) });
  await redThumb.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => trayNames(dialog)).toEqual([blue.name, red.name]);
  await expect(dialog.getByRole("button", { name: new RegExp(`^${red.name}, 2 of 2`) })).toBeFocused();
  await expect(dialog.getByText(`${red.name} moved to position 2 of 2`)).toBeAttached();

  // Pointer: drag the red card onto the blue one → red, blue.
  const card = (name: string) => dialog.locator(".media-tray > li").filter({ hasText: name });
  await card(red.name).locator(".media-name").dragTo(card(blue.name));
  await expect.poll(() => trayNames(dialog)).toEqual([red.name, blue.name]);

  // Buttons: "Move … later" on red → blue, red again.
  await dialog.getByRole("button", { name: `Move ${red.name} later` }).click();
  await expect.poll(() => trayNames(dialog)).toEqual([blue.name, red.name]);
  await expect(dialog.getByRole("button", { name: `Move ${red.name} earlier` })).toBeFocused();

  // Schedule one to two minutes ahead (workspace zone UTC; the field has whole minutes).
  const at = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
  await dialog.getByLabel("Date").fill(at.toISOString().slice(0, 10));
  await dialog.getByLabel("Time", { exact: true }).fill(at.toISOString().slice(11, 16));
  const created = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  const response = await created;
  expect(response.status(), await response.text()).toBe(201);
  const sent = response.request().postDataJSON() as { media: { id: string; altText: string | null }[] };
  const { id } = (await response.json()) as { id: string };
  await expect(dialog).toBeHidden();

  const scheduled = await getPost(request, id);
  expect(scheduled.status).toBe("SCHEDULED");
  expect(scheduled.media.map((m) => [m.name, m.mimeType, m.width, m.height, m.altText])).toEqual([
    [blue.name, "image/jpeg", 40, 40, "A blue square"],
    [red.name, "image/png", 64, 32, "A red band, twice as wide as high"],
  ]);
  expect(sent.media).toEqual(scheduled.media.map((m) => ({ id: m.id, altText: m.altText })));

  await expect
    .poll(async () => (await getPost(request, id)).status, { timeout: 180_000, intervals: [1000] })
    .toBe("PUBLISHED");
  const published = await getPost(request, id);
  expect(published.latestPublication?.results).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ channelId: ws.channelId, status: "SUCCEEDED" }),
      expect.objectContaining({ channelId: hook.id, status: "SUCCEEDED" }),
    ]),
  );
  // What SANDBOX recorded as sent (the publication history): both items in the new order with their alt text.
  const sandbox = published.latestPublication?.results.find((r) => r.channelId === ws.channelId);
  expect(sandbox?.sentMedia.map((m) => [m.id, m.name, m.altText])).toEqual(
    scheduled.media.map((m) => [m.id, m.name, m.altText]),
  );
  // What went out: both items in the new order with their alt text, each at a signed URL serving the original.
  expect(delivered()).toHaveLength(1);
  expect(delivered()[0]).toMatchObject({ signed: true, postId: id });
  const media = delivered()[0]?.media ?? [];
  expect(media.map((m) => [m.type, m.width, m.height, m.altText])).toEqual([
    ["image/jpeg", 40, 40, "A blue square"],
    ["image/png", 64, 32, "A red band, twice as wide as high"],
  ]);
  for (const item of media) {
    const file = await request.get(item.url);
    expect(file.status()).toBe(200);
    const meta = await sharp(await file.body()).metadata();
    expect([meta.width, meta.height]).toEqual([item.width, item.height]);
  }

  // Reopened from the calendar, the published post's sent card shows the media in order with their alt text.
  await page.reload();
  const event = await postEvent(page, id);
  // The calendar chip shows the first item's thumbnail, described by its alt text.
  const thumb = event.locator("img");
  await expect(thumb).toHaveAttribute("src", scheduled.media[0]?.thumbnailUrl ?? "missing");
  await expect(thumb).toHaveAttribute("alt", "A blue square");
  await event.click();
  const sentCard = page.getByRole("dialog", { name: "Sent post" });
  const shown = sentCard.getByRole("region", { name: "Media" }).getByRole("img");
  await expect(shown).toHaveCount(2);
  await expect(shown.nth(0)).toHaveAttribute("alt", "A blue square");
  await expect(shown.nth(1)).toHaveAttribute("alt", "A red band, twice as wide as high");
  // "Edit as new": an editable draft copy with the media in order and their alt text.
  await sentCard.getByRole("button", { name: "Edit as new" }).click();
  const editor = page.getByRole("dialog", { name: "Edit post" });
  await expect(editor.locator('.media-tray > li[data-state="ready"]')).toHaveCount(2);
  await expect.poll(() => trayNames(editor)).toEqual([blue.name, red.name]);
  await expect(editor.getByLabel(`Alt text for ${blue.name}`)).toHaveValue("A blue square");
  await expect(editor.getByLabel(`Alt text for ${red.name}`)).toHaveValue("A red band, twice as wide as high");
});

test("a refused file shows its refusal by name; the other files upload and the draft keeps them", async ({
  page,
  request,
}) => {
  const good = await png(`good-${run}.png`, 30, 20, "#00a000");
  const also = await jpeg(`also-${run}.jpg`, 20, 30, "#a0a000");
  const html: FileSpec = {
    name: `page-${run}.png`,
    mimeType: "image/png",
    buffer: Buffer.from("<!doctype html><html><script>alert(1)</script></html>"),
  };
  const svg: FileSpec = {
    name: `logo-${run}.svg`,
    mimeType: "image/svg+xml",
    buffer: Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    ),
  };

  // JPEG magic bytes, then 21 MiB: over MEDIA_MAX_IMAGE_BYTES (20 MiB), refused before it is read through.
  const huge: FileSpec = {
    name: `huge-${run}.jpg`,
    mimeType: "image/jpeg",
    buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(21 * 1024 * 1024)]),
  };

  await refuseAutosave(page);
  const dialog = await openComposer(page);
  await dialog.getByLabel("Content").fill(`Refusals ${run}`);
  await dropFiles(page, dialog, [good, html, svg, also]);
  await dialog.locator("[data-media-input]").setInputFiles([huge]);
  await expect(dialog.locator(`[data-media-error="${huge.name}"]`)).toHaveText(
    new RegExp(`^${huge.name}: Too big: The file is larger than 20971520 bytes`),
  );

  const refusal = (name: string) => dialog.locator(`[data-media-error="${name}"]`);
  await expect(refusal(html.name)).toHaveText(
    new RegExp(`^${html.name}: Type not accepted: The file's content is text markup`),
  );
  await expect(refusal(svg.name)).toHaveText(new RegExp(`^${svg.name}: Type not accepted: `));
  await expect(dialog.locator('.media-tray > li[data-state="ready"]')).toHaveCount(2);
  await expect.poll(() => trayNames(dialog)).toEqual([good.name, html.name, svg.name, also.name, huge.name]);
  expect(await axeViolations(page), "composer with refused files").toEqual([]);

  // A refused file is dismissed by name; the draft saves with the two that uploaded, in order.
  await dialog.getByRole("button", { name: `Dismiss ${svg.name}` }).click();
  await expect(refusal(svg.name)).toHaveCount(0);
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/posts") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Save draft" }).click();
  const response = await saved;
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const post = await getPost(request, id);
  expect(post.media.map((m) => [m.name, m.altText])).toEqual([
    [good.name, null],
    [also.name, null],
  ]);
});

test("five images (four from the library, one pasted) do not fit Bluesky: its counter line says why", async ({
  page,
  request,
}) => {
  const sky = await createChannel(request, ws.token, { platform: "BLUESKY", displayName: `Sky ${run}` });
  const library: string[] = [];
  for (const [i, colour] of ["#101010", "#303030", "#505050", "#707070"].entries()) {
    const file = await png(`shelf${i + 1}-${run}.png`, 16 + i, 16, colour);
    const res = await request.post(`/api/media?name=${encodeURIComponent(file.name)}`, {
      headers: { ...auth(), "content-type": file.mimeType },
      data: file.buffer,
    });
    expect(res.status(), await res.text()).toBe(201);
    library.push(file.name);
  }

  // The dialog is found by its title, "New post": an autosaved draft would retitle it "Edit post" mid-test (the CI
  // failure: the tray read through a dialog locator that no longer matched).
  await refuseAutosave(page);
  const dialog = await openComposer(page);
  await dialog.getByLabel("Content").fill(`Five ${run}`);
  await dialog.getByRole("checkbox", { name: /E2E sandbox/ }).check();
  await dialog.getByRole("checkbox", { name: new RegExp(`Sky ${run}`) }).check();

  // The library picker: search narrows the list; items are added in the order selected.
  await dialog.getByRole("button", { name: "From library" }).click();
  const picker = page.getByRole("dialog", { name: "Media library" });
  await picker.getByLabel("Search media").fill("shelf");
  const items = picker.getByRole("list", { name: "Library items" }).getByRole("button");
  await expect(items).toHaveCount(4);
  for (const name of [library[2], library[0], library[3], library[1]]) {
    await items.filter({ hasText: name ?? "" }).click();
  }
  await picker.getByRole("button", { name: "Add 4" }).click();
  await expect(picker).toBeHidden();
  await expect.poll(() => trayNames(dialog)).toEqual([library[2], library[0], library[3], library[1]]);

  // A fifth, pasted from the clipboard into the text.
  const pasted = await png(`pasted-${run}.png`, 12, 12, "#ff8800");
  await pasteFiles(page, dialog, [pasted]);
  await expect(dialog.locator('.media-tray > li[data-state="ready"]')).toHaveCount(5);
  await expect.poll(async () => (await trayNames(dialog)).at(-1)).toBe(pasted.name);

  await expect(dialog.locator(`[data-channel-media-problem="${sky.id}"]`)).toHaveText(
    /Bluesky allows 4 media items; this post has 5/,
  );
  await expect(dialog.locator(`[data-channel-media="${sky.id}"]`)).toHaveCount(0);
  await expect(dialog.locator(`[data-channel-media="${ws.channelId}"]`)).toHaveText(/5 media items fit/);
  expect(await axeViolations(page), "composer with media and a misfit").toEqual([]);

  // Removing one makes it fit.
  await dialog.getByRole("button", { name: `Remove ${pasted.name}` }).click();
  await expect(dialog.locator(`[data-channel-media-problem="${sky.id}"]`)).toHaveCount(0);
  await expect(dialog.locator(`[data-channel-media="${sky.id}"]`)).toHaveText(/4 media items fit/);

  // The picker shows what the post already holds as such.
  await dialog.getByRole("button", { name: "From library" }).click();
  await picker.getByLabel("Search media").fill("");
  await expect(items.filter({ hasText: library[0] ?? "" })).toBeDisabled();
  await expect(items.filter({ hasText: pasted.name })).toBeEnabled();
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await expect(dialog).toBeVisible();
});
