import Papa from "papaparse";
import { beforeEach, describe, expect, it } from "vitest";
import * as queueRoute from "@/app/api/posts/[id]/queue/route";
import * as previewRoute from "@/app/api/posts/import/preview/route";
import * as importRoute from "@/app/api/posts/import/route";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// CSV import rows timed "queue" (README "Queue", "Import and export"): successive free posting slots of each row's
// channels, in file order, through the real route handlers on real PostgreSQL and Redis.

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, obliterateQueue: true, sql: true });
let token: string, workspaceId: string, box: string, crate: string;

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "UTC" }, [{ displayName: "Box" }, { displayName: "Crate" }]);
  ({ token, workspaceId } = created);
  [box, crate] = created.channelIds;
  // Every day at 09:15 on Box; Crate has none.
  await db.postingSlot.createMany({
    data: [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ workspaceId, channelId: box, dayOfWeek, minuteOfDay: 555 })),
  });
});

const csvOf = (rows: [text: string, channels: string, time: string][]) =>
  Papa.unparse({ fields: ["text", "channels", "time"], data: rows });
const preview = (csv: string) =>
  callRoute(previewRoute.POST, { method: "POST", path: "/api/posts/import/preview", token, body: { csv } });
const runImport = (csv: string) =>
  callRoute(importRoute.POST, { method: "POST", path: "/api/posts/import", token, body: { csv } });
/** The next `n` daily 09:15 UTC instants after now + 60 s. */
function slots(n: number): string[] {
  const out: string[] = [];
  const day = new Date();
  day.setUTCHours(9, 15, 0, 0);
  while (out.length < n) {
    if (day.getTime() > Date.now() + 60_000) out.push(day.toISOString());
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

describe("CSV rows timed queue", () => {
  it("previews successive free slots in file order (taken slots skipped) and writes nothing", async () => {
    const [s1, s2, s3, s4, s5] = slots(5);
    // s2 is taken by a post already in the queue.
    await db.post.create({
      data: {
        workspaceId,
        content: "taken",
        status: "SCHEDULED",
        scheduledAt: new Date(s2 as string),
        version: 1,
        channels: { create: [{ channelId: box }] },
      },
    });
    const csv = csvOf([
      ["one", "Box", "queue"],
      ["timed", "Box", (s3 as string).slice(0, 16)], // a timed row at s3 (UTC wall clock) takes it for the rows after
      ["two", "Box", "QUEUE"],
      ["three", "Box; Crate", "queue"], // Crate has no slots; Box's still count
      ["on crate only", crate, "queue"], // by id
    ]);
    const res = await preview(csv);
    expect(res.status).toBe(200);
    expect(res.json.rows.map((r: { scheduledAt: string | null }) => r.scheduledAt)).toEqual([s1, s3, s4, s5, null]);
    expect(res.json.rows[4].problems).toEqual([
      "time: Crate · Sandbox has no posting schedule: set one on the Queue page",
    ]);
    expect(res.json.validRows).toBe(4);
    expect(res.json.rows[3].channelNames).toEqual(["Box", "Crate"]);
    expect(await db.post.count({ where: { workspaceId } })).toBe(1);
  });

  it("counts a timed row before the first queued row as taken too", async () => {
    const [s1, s2] = slots(2);
    const csv = csvOf([
      ["timed first", "Box", (s1 as string).slice(0, 16)],
      ["queued", "Box", "queue"],
    ]);
    expect((await preview(csv)).json.rows.map((r: { scheduledAt: string }) => r.scheduledAt)).toEqual([s1, s2]);
  });

  it("imports them at those slots with their jobs; the commit recomputes, taking the next slot when one was taken since", async () => {
    const [s1, s2, s3] = slots(3);
    const csv = csvOf([
      ["one", "Box", "queue"],
      ["two", "Box", "queue"],
    ]);
    expect((await preview(csv)).json.rows.map((r: { scheduledAt: string }) => r.scheduledAt)).toEqual([s1, s2]);
    // Meanwhile someone adds a post to the queue: it takes s1.
    const post = await createTestPost(db, { workspaceId, channelIds: [box] });
    const added = await callRoute(queueRoute.POST, {
      method: "POST",
      path: `/api/posts/${post.id}/queue`,
      token,
      params: { id: post.id },
    });
    expect(added.json.scheduledAt).toBe(s1);
    const res = await runImport(csv);
    expect(res.status).toBe(201);
    const imported = await db.post.findMany({ where: { id: { in: res.json.postIds } } });
    const byText = new Map(imported.map((p) => [p.content, p]));
    expect(byText.get("one")?.scheduledAt?.toISOString()).toBe(s2);
    expect(byText.get("two")?.scheduledAt?.toISOString()).toBe(s3);
    expect(byText.get("one")?.timezone).toBe("UTC");
    for (const id of res.json.postIds) expect(await app.queue().getJob(publishJobId(id, 1))).toBeDefined();
  });

  it("refuses the whole file when a queued row finds no slot, naming the row", async () => {
    const csv = csvOf([
      ["one", "Box", "queue"],
      ["two", "Crate", "queue"],
    ]);
    const res = await runImport(csv);
    expect(res.status).toBe(422);
    expect(res.json.error.details.rows[1].problems).toEqual([
      "time: Crate · Sandbox has no posting schedule: set one on the Queue page",
    ]);
    expect(await db.post.count({ where: { workspaceId } })).toBe(0);
  });
});
