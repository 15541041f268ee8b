import { describe, expect, it } from "vitest";
import * as calendarRoute from "@/app/api/calendar/route";
import { getSql } from "@/lib/db/sql";
import { CALENDAR_MAX_POSTS, calendarResponseSchema } from "@/lib/schemas/calendar";
import { seedCalendarVolume } from "@/tests/helpers/calendar-volume";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// GET /api/calendar at volume answers exactly the right posts: every live post of the workspace in the range, in
// time order, none deleted, none of another workspace, each with its channels, first image and the outcome of its
// latest publication, checked against the seed's own arithmetic (tests/helpers/calendar-volume.ts), not against
// the query. Timing is bench/calendar.ts's business.

const { createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true });
const DAY = 86_400_000;
const NOW = new Date("2027-03-10T12:00:00.000Z");

const get = (token: string, from: Date | string, to: Date | string) =>
  callRoute(calendarRoute.GET, {
    path: `/api/calendar?from=${encodeURIComponent(String(from instanceof Date ? from.toISOString() : from))}&to=${encodeURIComponent(String(to instanceof Date ? to.toISOString() : to))}`,
    token,
  });

describe("GET /api/calendar at volume", () => {
  it("answers a month view of a 20,000-post workspace with exactly its live posts, in order, fully described", async () => {
    const { workspace, token } = await createWorkspace({ timezone: "Europe/Berlin" });
    const other = await createWorkspace();
    const volume = await seedCalendarVolume(getSql(), {
      workspaceId: workspace.id,
      prefix: `cm-${workspace.id}`,
      n: 20_000,
      now: NOW,
    });
    // The other workspace's posts fall on exactly the same instants.
    await seedCalendarVolume(getSql(), {
      workspaceId: other.workspace.id,
      prefix: `co-${other.workspace.id}`,
      n: 20_000,
      now: NOW,
    });

    // The month view of March 2027 (Mon 1 Mar – Sun 11 Apr) with a day's margin each side, as the client asks.
    const from = new Date("2027-02-28T00:00:00.000Z");
    const to = new Date("2027-04-13T00:00:00.000Z");
    const res = await get(token, from, to);
    expect(res.status).toBe(200);
    const answer = calendarResponseSchema.parse(res.json);

    const at = (i: number) => volume.first.getTime() + i * volume.stepMs;
    const expected: number[] = [];
    for (let i = 0; i < volume.n; i++)
      if (at(i) >= from.getTime() && at(i) < to.getTime() && i % 50 !== 7) expected.push(i);
    expect(expected.length).toBeGreaterThan(400);
    expect(answer.truncated).toBe(false);
    expect(answer.posts.map((p) => p.id)).toEqual(expected.map((i) => `${volume.prefix}-${i}`));
    expect(answer.channels.map((c) => c.displayName)).toEqual(["Brand A", "Brand B", "Brand C", "Brand D"]);
    expect(answer.channels[0]).toMatchObject({ accountName: "@brand.a", color: "#e11d48", platform: "INSTAGRAM" });

    for (const [k, post] of answer.posts.entries()) {
      const i = expected[k] as number;
      expect(post.scheduledAt).toBe(new Date(at(i)).toISOString());
      const past = at(i) < NOW.getTime();
      const channelIds = [volume.channelIds[i % 4], ...(i % 3 === 0 ? [volume.channelIds[(i + 1) % 4]] : [])];
      expect(post.channels.map((c) => c.id)).toEqual([...channelIds].sort()); // in channel id order: the chip and card list them alike on every poll
      expect(post.media.length).toBe(i % 5 === 0 ? 1 : 0);
      if (i % 5 === 0) expect(post.media[0]?.thumbnailUrl).toBe(`/api/media/${volume.prefix}-m${i % 100}/thumbnail`);
      if (!past) {
        expect(post.status).toBe(i % 10 === 0 ? "DRAFT" : "SCHEDULED");
        expect(post.outcome).toBeNull();
        expect(post.channels.every((c) => c.result === null)).toBe(true);
        continue;
      }
      const failedFirst = i % 25 === 0;
      expect(post.status).toBe(failedFirst ? "FAILED" : "PUBLISHED");
      expect(post.channels.find((c) => c.id === channelIds[0])?.result).toBe(failedFirst ? "FAILED" : "SUCCEEDED");
      if (!failedFirst) expect(post.outcome).toEqual({ state: "published", failing: [] });
      else
        expect(post.outcome).toEqual({
          state: i % 3 === 0 ? "partly_published" : "failed",
          failing: [{ id: channelIds[0], status: "FAILED" }],
        });
    }
    // The month straddles now: both halves were checked.
    expect(answer.posts.some((p) => p.status === "PUBLISHED")).toBe(true);
    expect(answer.posts.some((p) => p.status === "SCHEDULED")).toBe(true);

    // The other workspace sees its own posts at the same instants, none of these.
    const theirs = calendarResponseSchema.parse((await get(other.token, from, to)).json);
    expect(theirs.posts).toHaveLength(expected.length);
    expect(theirs.posts.every((p) => p.id.startsWith(`co-${other.workspace.id}-`))).toBe(true);
  });

  it("says `truncated` past CALENDAR_MAX_POSTS and returns the first ones by time", async () => {
    const { workspace, token } = await createWorkspace();
    const volume = await seedCalendarVolume(getSql(), {
      workspaceId: workspace.id,
      prefix: `ct-${workspace.id}`,
      n: 6_000,
      now: NOW,
      monthsBack: 0.5,
      monthsAhead: 0.5,
    });
    const answer = calendarResponseSchema.parse(
      (await get(token, new Date(NOW.getTime() - 20 * DAY), new Date(NOW.getTime() + 20 * DAY))).json,
    );
    const live: string[] = [];
    for (let i = 0; i < volume.n; i++) if (i % 50 !== 7) live.push(`${volume.prefix}-${i}`);
    expect(answer.truncated).toBe(true);
    expect(answer.posts.map((p) => p.id)).toEqual(live.slice(0, CALENDAR_MAX_POSTS));
  });

  it("refuses a range that is missing, reversed or longer than 62 days with 400 naming the field", async () => {
    const { token } = await createWorkspace();
    const cases: [string, string, string][] = [
      ["2027-03-01T00:00:00Z", "2027-05-03T00:00:01Z", "to"],
      ["2027-03-10T00:00:00Z", "2027-03-01T00:00:00Z", "to"],
      ["2027-03-10", "2027-03-11T00:00:00Z", "from"],
    ];
    for (const [from, to, field] of cases) {
      const res = await get(token, from, to);
      expect(res.status).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const missing = await callRoute(calendarRoute.GET, { path: "/api/calendar?from=2027-03-01T00:00:00Z", token });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.map((d: { path: string }) => d.path)).toContain("to");
    // 62 days exactly is a month view with margins to spare: allowed.
    expect((await get(token, "2027-03-01T00:00:00Z", "2027-05-02T00:00:00Z")).status).toBe(200);
  });
});
