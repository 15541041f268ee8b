import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import * as postsRoute from "@/app/api/posts/route";
import * as evergreenRoute from "@/app/api/scheduling/evergreen/rotate/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import * as suggestedTimesRoute from "@/app/api/scheduling/suggested-times/route";
import { getMetricsDb } from "@/lib/db/mongo";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { suggestOpenTimes } from "@/lib/optimal-times/suggest-open-times";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Every time field read from input refuses instants outside 1970-9999 with a 400 naming the field, writing nothing;
// and every suggested time is one that scheduling accepts.
const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), mongo: true, metrics: true });

const OUT_OF_RANGE = [
  "0000-01-01T00:00:00Z",
  "1900-01-01T00:00:00Z",
  "1969-12-31T23:59:59.999Z",
  "1970-01-01T00:30:00+01:00",
  "9999-12-31T23:30:00-01:00",
];

async function setup(timezone = "Europe/Berlin") {
  const { workspace, token } = await createWorkspace({ timezone });
  const channel = await createTestChannel(db, { workspaceId: workspace.id, platform: "SANDBOX" });
  return { workspace, token, channel };
}

function expectFieldRefused(res: { status: number; json: { error: { details: { path: string }[] } } }, path: string) {
  expect(res.status).toBe(400);
  expect(res.json.error.details.map((d) => d.path)).toContain(path);
}

describe("times before 1970 or after 9999 are refused in every time field", () => {
  it.each(OUT_OF_RANGE)("%s", async (value) => {
    const { workspace, token, channel } = await setup();
    const post = await createTestPost(db, { workspaceId: workspace.id, channelIds: [channel.id] });
    await db.post.update({ where: { id: post.id }, data: { tags: ["evergreen"] } });
    const q = encodeURIComponent(value);

    const schedule = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: "/api/scheduling/posts/id/schedule",
      token,
      params: { id: post.id },
      body: { scheduledAt: value },
    });
    expectFieldRefused(schedule, "scheduledAt");
    expect(schedule.json.error.message).toMatch(/is (before 1970|after 9999)/);

    for (const field of ["from", "to"]) {
      const other = field === "from" ? "to=2030-01-01T00:00:00Z" : "from=1970-01-01T00:00:00Z";
      const list = await callRoute(postsRoute.GET, { path: `/api/posts?${field}=${q}&${other}`, token });
      expectFieldRefused(list, field);
    }

    const suggested = await callRoute(suggestedTimesRoute.GET, {
      path: `/api/scheduling/suggested-times?platform=INSTAGRAM&from=${q}`,
      token,
    });
    expectFieldRefused(suggested, "from");

    const rotate = await callRoute(evergreenRoute.POST, {
      method: "POST",
      path: "/api/scheduling/evergreen/rotate",
      token,
      body: { count: 1, from: value },
    });
    expectFieldRefused(rotate, "from");

    const metrics = await callRoute(metricsRoute.POST, {
      method: "POST",
      path: "/api/metrics",
      token,
      body: { snapshots: [{ publicationId: "p", channelId: channel.id, collectedAt: value, likes: 1 }] },
    });
    expectFieldRefused(metrics, "snapshots.0.collectedAt");

    // Nothing written: the post is still an unscheduled draft and no snapshot was stored.
    expect(await db.post.findUnique({ where: { id: post.id } })).toMatchObject({
      status: "DRAFT",
      scheduledAt: null,
      version: post.version,
    });
    expect(await metricSnapshots(getMetricsDb()).countDocuments({ workspaceId: workspace.id })).toBe(0);
  });

  it("the range's ends are accepted where they make sense", async () => {
    const { token } = await setup();
    const list = await callRoute(postsRoute.GET, {
      path: "/api/posts?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z",
      token,
    });
    expect(list.status).toBe(200);
  });
});

describe("suggested times are times scheduling accepts", () => {
  it.each(["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham"])(
    "in %s, every suggestion schedules (in its zone, as instant and as local time)",
    async (zone) => {
      const { workspace, token, channel } = await setup(zone);
      const res = await callRoute(suggestedTimesRoute.GET, {
        path: "/api/scheduling/suggested-times?platform=INSTAGRAM&count=10",
        token,
      });
      expect(res.status).toBe(200);
      const times = res.json.times as { scheduledAt: string; scheduledAtLocal: string }[];
      expect(times).toHaveLength(10);
      for (const [i, t] of times.entries()) {
        const post = await createTestPost(db, { workspaceId: workspace.id, channelIds: [channel.id] });
        // Half as the UTC instant, half as the wall clock read in the zone (the calendar's way).
        const scheduledAt = i % 2 ? t.scheduledAt : t.scheduledAtLocal.slice(0, 16);
        const scheduled = await callRoute(scheduleRoute.POST, {
          method: "POST",
          path: "/api/scheduling/posts/id/schedule",
          token,
          params: { id: post.id },
          body: { scheduledAt, timezone: zone },
        });
        expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);
        expect(scheduled.json.scheduledAt).toBe(new Date(t.scheduledAt).toISOString());
      }
    },
  );

  it("near the end of 9999 only times scheduling accepts come back (fewer, not refused ones)", async () => {
    const { token } = await setup("Pacific/Kiritimati");
    const res = await callRoute(suggestedTimesRoute.GET, {
      path: "/api/scheduling/suggested-times?platform=INSTAGRAM&count=10&from=9999-12-27T00:00:00Z",
      token,
    });
    expect(res.status).toBe(200);
    const times = res.json.times as { scheduledAt: string }[];
    expect(times.length).toBeGreaterThan(0);
    expect(times.length).toBeLessThan(10);
    for (const t of times) expect(Date.parse(t.scheduledAt)).toBeLessThanOrEqual(Date.UTC(9999, 11, 31, 23, 59, 59));
  });

  it("a suggestion the clock passed while answering is replaced by a later one", async () => {
    const { workspace } = await setup("UTC");
    // The first reading is 10:59:59.900 on a Tuesday; by the time the answer is ready the clock reads 11:00:01.
    const readings = [new Date("2030-01-01T10:59:59.900Z")];
    const later = new Date("2030-01-01T11:00:01Z");
    const clock = () => readings.shift() ?? later;
    const first = await suggestOpenTimes({
      db,
      workspaceId: workspace.id,
      platform: "INSTAGRAM",
      timezone: "UTC",
      count: 10,
      clock: () => new Date("2030-01-01T10:59:59.900Z"),
    });
    const answer = await suggestOpenTimes({
      db,
      workspaceId: workspace.id,
      platform: "INSTAGRAM",
      timezone: "UTC",
      count: 10,
      clock,
    });
    expect(answer.times).toHaveLength(10);
    for (const t of answer.times) expect(Date.parse(t.scheduledAt)).toBeGreaterThan(later.getTime());
    // The frozen clock proves the case is real: without the recheck, the 11:00 slot would have been answered.
    const passed = first.times.filter((t) => Date.parse(t.scheduledAt) <= later.getTime());
    expect(passed.length).toBeGreaterThan(0);
  });
});
