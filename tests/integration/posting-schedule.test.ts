import { MongoClient } from "mongodb";
import { beforeEach, describe, expect, it } from "vitest";
import * as scheduleRoute from "@/app/api/channels/[id]/posting-schedule/route";
import { DEFAULT_SLOTS } from "@/lib/optimal-times/default-slots";
import { getPostingSchedule } from "@/lib/posting-slots/get-posting-schedule";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// GET/PUT /api/channels/:id/posting-schedule (README "Queue") through the real handlers on real PostgreSQL and the
// metrics store (the proposal is the optimal-time calculator's answer).

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, mongo: true });
let token: string, workspaceId: string, channelId: string;

beforeEach(async () => {
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { platform: "BLUESKY", displayName: "Brand A" },
  ]));
});

const get = (id = channelId, as = token) =>
  callRoute(scheduleRoute.GET, { path: `/api/channels/${id}/posting-schedule`, token: as, params: { id } });
const put = (body: unknown, id = channelId, as = token) =>
  callRoute(scheduleRoute.PUT, {
    method: "PUT",
    path: `/api/channels/${id}/posting-schedule`,
    token: as,
    params: { id },
    body,
  });
/** Posting slots as the API writes them, from `[dayOfWeek (0 = Sunday), "HH:MM"]` pairs, in the order given. */
const weekly = (...slots: [dayOfWeek: number, time: string][]) =>
  slots.map(([dayOfWeek, time]) => ({ dayOfWeek, time }));

describe("posting schedule", () => {
  it("starts empty with a proposal from the platform defaults: best first, at most 7, at most 2 a day, HH:00", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.json.channelId).toBe(channelId);
    expect(res.json.timezone).toBe("Europe/Berlin");
    expect(res.json.slots).toEqual([]);
    expect(res.json.proposal.fallback).toBe(true);
    expect(res.json.proposal.basedOnPosts).toBe(0);
    // Bluesky's defaults: Tue/Wed/Thu 09:00 and 17:00 — six slots, two a day, sorted by day then time.
    expect(DEFAULT_SLOTS.BLUESKY).toHaveLength(6);
    expect(res.json.proposal.slots).toEqual(
      weekly([2, "09:00"], [2, "17:00"], [3, "09:00"], [3, "17:00"], [4, "09:00"], [4, "17:00"]),
    );
  });

  it("caps the proposal at 7 slots (Instagram has 8 defaults): the 8th, Thu 18:00, is left out", async () => {
    const ig = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM" });
    const res = await get(ig.id);
    expect(res.status).toBe(200);
    // Instagram's defaults in rank order: Tue 11, Thu 11, Wed 11, Fri 10, Mon 11, Wed 18, Tue 18, (Thu 18 dropped: 8th).
    expect(res.json.proposal.slots).toEqual(
      weekly([1, "11:00"], [2, "11:00"], [2, "18:00"], [3, "11:00"], [3, "18:00"], [4, "11:00"], [5, "10:00"]),
    );
  });

  it("replaces the schedule, merges duplicates, sorts, and records an audit event", async () => {
    const res = await put({
      slots: [
        { dayOfWeek: 5, time: "12:30" },
        { dayOfWeek: 1, time: "09:15" },
        { dayOfWeek: 1, time: "09:15" },
        { dayOfWeek: 0, time: "23:59" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.slots).toEqual([
      { dayOfWeek: 0, time: "23:59" },
      { dayOfWeek: 1, time: "09:15" },
      { dayOfWeek: 5, time: "12:30" },
    ]);
    const rows = await db.postingSlot.findMany({ where: { channelId }, orderBy: { minuteOfDay: "asc" } });
    expect(rows.map((r) => [r.dayOfWeek, r.minuteOfDay, r.workspaceId])).toEqual([
      [1, 555, workspaceId],
      [5, 750, workspaceId],
      [0, 1439, workspaceId],
    ]);
    expect((await get()).json.slots).toEqual(res.json.slots);

    const again = await put({ slots: [{ dayOfWeek: 2, time: "08:00" }] });
    expect(again.json.slots).toEqual([{ dayOfWeek: 2, time: "08:00" }]);
    const events = await db.auditEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.target])).toEqual([
      ["settings.changed", `channel:${channelId}`],
      ["settings.changed", `channel:${channelId}`],
    ]);
    expect(events[1]?.details).toEqual({
      channel: "Brand A · Bluesky",
      postingSchedule: { from: ["Sun 23:59", "Mon 09:15", "Fri 12:30"], to: ["Tue 08:00"] },
    });
    // The same schedule again changes nothing and records nothing.
    await put({ slots: [{ dayOfWeek: 2, time: "08:00" }] });
    expect(await db.auditEvent.count({ where: { workspaceId } })).toBe(2);
    expect((await put({ slots: [] })).json.slots).toEqual([]);
    expect(await db.postingSlot.count({ where: { channelId } })).toBe(0);
  });

  it("refuses bad entries with 400 naming them, and writes nothing", async () => {
    await put({ slots: [{ dayOfWeek: 1, time: "09:15" }] });
    const cases: [unknown, string][] = [
      [{ slots: [{ dayOfWeek: 1, time: "09:15" }, {}, {}, { dayOfWeek: 1, time: "24:00" }] }, "slots.3.time"],
      [{ slots: [{ dayOfWeek: 7, time: "09:15" }] }, "slots.0.dayOfWeek"],
      [{ slots: [{ dayOfWeek: 1.5, time: "09:15" }] }, "slots.0.dayOfWeek"],
      [{ slots: [{ dayOfWeek: 1, time: "9:15" }] }, "slots.0.time"],
      [{ slots: [{ dayOfWeek: 1, time: "09:60" }] }, "slots.0.time"],
      [{ slots: Array.from({ length: 57 }, (_, i) => ({ dayOfWeek: i % 7, time: "10:00" })) }, "slots"],
      [{}, "slots"],
    ];
    for (const [body, path] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await get()).json.slots).toEqual([{ dayOfWeek: 1, time: "09:15" }]);
  });

  it("still answers (platform defaults as the proposal) while the metrics store is down", async () => {
    await put({ slots: [{ dayOfWeek: 1, time: "09:15" }] });
    const down = new MongoClient("mongodb://127.0.0.1:1/cadence", { serverSelectionTimeoutMS: 200 });
    try {
      const res = await getPostingSchedule({ db, mongo: down.db(), workspaceId, channelId });
      expect(res.slots).toEqual([{ dayOfWeek: 1, time: "09:15" }]);
      expect(res.proposal).toEqual({ basedOnPosts: 0, fallback: true, slots: (await get()).json.proposal.slots });
      expect(res.proposal.slots).toHaveLength(6);
    } finally {
      await down.close();
    }
  });

  it("answers 404 for another workspace's channel and writes nothing there", async () => {
    const other = await createWorkspace();
    const theirs = await createTestChannel(db, { workspaceId: other.workspace.id });
    expect((await get(theirs.id)).status).toBe(404);
    expect((await put({ slots: [{ dayOfWeek: 1, time: "09:15" }] }, theirs.id)).status).toBe(404);
    expect(await db.postingSlot.count({ where: { channelId: theirs.id } })).toBe(0);
    // …and their own token cannot reach ours.
    expect((await get(channelId, other.token)).status).toBe(404);
  });
});
