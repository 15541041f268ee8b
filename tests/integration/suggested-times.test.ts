import { describe, expect, it } from "vitest";
import * as suggestedTimesRoute from "@/app/api/scheduling/suggested-times/route";
import { DEFAULT_SLOTS } from "@/lib/optimal-times/default-slots";
import { weekdayHourInZone } from "@/lib/time/weekday-hour";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), mongo: true });
const workspace = (timezone: string) => createWorkspace({ timezone });

describe("GET /api/scheduling/suggested-times", () => {
  it("gives future instants at the platform's default slots in the workspace zone, clear of scheduled posts", async () => {
    const { workspace: ws, token } = await workspace("Europe/Berlin");
    const defaults = new Set(DEFAULT_SLOTS.INSTAGRAM.map(([d, h]) => `${d}@${h}`));

    const first = await callRoute(suggestedTimesRoute.GET, {
      path: "/api/scheduling/suggested-times?platform=INSTAGRAM&count=3",
      token,
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ timezone: "Europe/Berlin", platform: "INSTAGRAM", fallback: true });
    const times = first.json.times as {
      scheduledAt: string;
      scheduledAtLocal: string;
      dayOfWeek: number;
      hour: number;
    }[];
    expect(times).toHaveLength(3);
    const now = Date.now();
    for (const t of times) {
      const at = new Date(t.scheduledAt);
      expect(at.getTime()).toBeGreaterThan(now);
      expect(new Date(t.scheduledAtLocal).getTime()).toBe(at.getTime());
      expect(weekdayHourInZone(at, "Europe/Berlin")).toEqual({ dayOfWeek: t.dayOfWeek, hour: t.hour });
      expect(defaults.has(`${t.dayOfWeek}@${t.hour}`)).toBe(true);
    }
    const sorted = [...times].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
    expect(times).toEqual(sorted);

    // Take the earliest suggestion: the next answer no longer offers that instant.
    const channel = await createTestChannel(db, { workspaceId: ws.id, platform: "SANDBOX" });
    const post = await createTestPost(db, { workspaceId: ws.id, channelIds: [channel.id] });
    const earliest = times[0]?.scheduledAt as string;
    await db.post.update({ where: { id: post.id }, data: { status: "SCHEDULED", scheduledAt: new Date(earliest) } });
    const second = await callRoute(suggestedTimesRoute.GET, {
      path: "/api/scheduling/suggested-times?platform=INSTAGRAM&count=3",
      token,
    });
    const again = (second.json.times as { scheduledAt: string }[]).map((t) => t.scheduledAt);
    expect(again).not.toContain(earliest);
    for (const at of again) expect(Math.abs(Date.parse(at) - Date.parse(earliest))).toBeGreaterThanOrEqual(3_600_000);
  });

  it("reads wall-clock slots in the requested zone", async () => {
    const { token } = await workspace("UTC");
    const res = await callRoute(suggestedTimesRoute.GET, {
      path: "/api/scheduling/suggested-times?platform=LINKEDIN&timezone=America/New_York&count=2",
      token,
    });
    expect(res.status).toBe(200);
    for (const t of res.json.times as { scheduledAt: string; dayOfWeek: number; hour: number }[])
      expect(weekdayHourInZone(new Date(t.scheduledAt), "America/New_York")).toEqual({
        dayOfWeek: t.dayOfWeek,
        hour: t.hour,
      });
  });

  it("answers 400 naming a bad platform, zone or count", async () => {
    const { token } = await workspace("UTC");
    for (const [query, field] of [
      ["platform=MYSPACE", "platform"],
      ["platform=INSTAGRAM&timezone=Mars/Olympus", "timezone"],
      ["platform=INSTAGRAM&count=11", "count"],
      ["platform=INSTAGRAM&count=0", "count"],
    ] as const) {
      const res = await callRoute(suggestedTimesRoute.GET, { path: `/api/scheduling/suggested-times?${query}`, token });
      expect(res.status, query).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });
});
