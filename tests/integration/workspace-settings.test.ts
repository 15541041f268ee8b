import { beforeEach, describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import * as workspaceRoute from "@/app/api/workspace/route";
import * as workspacesRoute from "@/app/api/workspaces/route";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { getPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { weekRange } from "@/lib/time/week-range";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Settings → Workspace through the API: GET/PATCH /api/workspace and POST /api/workspaces (issue 12).

const created: string[] = [];
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  obliterateQueue: true,
  // Workspaces made through POST /api/workspaces are not the factory's: delete them too.
  cleanup: async () => {
    await db.workspace.deleteMany({ where: { id: { in: created.splice(0) } } });
  },
});
const SAME = { origin: "http://localhost", host: "localhost" };

let alpha: { id: string; token: string; channelId: string };
let beta: { id: string; token: string; channelId: string };
let userId: string;
let cookie: string;

async function workspace(name: string, timezone: string) {
  const { workspace: w, token } = await createWorkspace({ name, timezone });
  const channel = await createTestChannel(db, { workspaceId: w.id });
  return { id: w.id, token, channelId: channel.id };
}

async function signIn(email: string, password: string): Promise<string> {
  const res = await callRoute(signInRoute.POST, {
    method: "POST",
    path: "/api/auth/sign-in",
    body: { email, password },
    headers: SAME,
  });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

const patch = (body: unknown, headers: Record<string, string> = { cookie, ...SAME }) =>
  callRoute(workspaceRoute.PATCH, { method: "PATCH", path: "/api/workspace", body, headers });

beforeEach(async () => {
  alpha = await workspace("Alpha", "UTC");
  beta = await workspace("Beta", "America/New_York");
  const user = await createUser({ workspaceIds: [alpha.id] }); // OWNER of Alpha
  userId = user.userId;
  cookie = await signIn(user.email, user.password);
});

describe("GET /api/workspace", () => {
  it("answers the caller's workspace with its defaults, by cookie or token", async () => {
    const byCookie = await callRoute(workspaceRoute.GET, { path: "/api/workspace", headers: { cookie } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.json).toEqual({
      id: alpha.id,
      name: "Alpha",
      timezone: "UTC",
      weekStart: "monday",
      defaultChannelIds: [],
      approvalsRequired: false,
    });
    const byToken = await callRoute(workspaceRoute.GET, { path: "/api/workspace", token: beta.token });
    expect(byToken.json.id).toBe(beta.id);
    expect(byToken.json.timezone).toBe("America/New_York");
  });
});

describe("PATCH /api/workspace", () => {
  it("changes name, week start and default channels, records each change in the audit log", async () => {
    const res = await patch({ name: "  Alpha Agency ", weekStart: "sunday", defaultChannelIds: [alpha.channelId] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "Alpha Agency", weekStart: "sunday", defaultChannelIds: [alpha.channelId] });
    const row = await db.workspace.findUniqueOrThrow({ where: { id: alpha.id } });
    expect([row.name, row.weekStart, row.defaultChannelIds]).toEqual(["Alpha Agency", "SUNDAY", [alpha.channelId]]);
    const events = await db.auditEvent.findMany({ where: { workspaceId: alpha.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "settings.changed",
      actorUserId: userId,
      target: `workspace:${alpha.id}`,
    });
    expect(events[0]?.details).toEqual({
      name: { from: "Alpha", to: "Alpha Agency" },
      weekStart: { from: "monday", to: "sunday" },
      defaultChannelIds: { from: [], to: [alpha.channelId] },
    });
    // The dashboard's session view carries them to the calendar and composer.
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.json.workspace).toMatchObject({ weekStart: "sunday", defaultChannelIds: [alpha.channelId] });
  });

  it("records nothing when nothing changes", async () => {
    expect((await patch({ name: "Alpha", weekStart: "monday" })).status).toBe(200);
    expect(await db.auditEvent.count({ where: { workspaceId: alpha.id } })).toBe(0);
  });

  it.each([
    [{ timezone: "Mars/Olympus_Mons" }, "timezone"],
    [{ timezone: "+02:00" }, "timezone"],
    [{ timezone: "" }, "timezone"],
    [{ name: "   " }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ weekStart: "friday" }, "weekStart"],
    [{ defaultChannelIds: "abc" }, "defaultChannelIds"],
    [{ colour: "blue" }, "(root)"],
    [{}, "(root)"],
  ])("refuses %j with 400 naming %s, writing nothing", async (body, field) => {
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    const row = await db.workspace.findUniqueOrThrow({ where: { id: alpha.id } });
    expect([row.name, row.timezone, row.weekStart]).toEqual(["Alpha", "UTC", "MONDAY"]);
    expect(await db.auditEvent.count({ where: { workspaceId: alpha.id } })).toBe(0);
  });

  it("refuses another workspace's channel (or an unknown one) as a default with 422 naming it", async () => {
    const res = await patch({ name: "Renamed", defaultChannelIds: [alpha.channelId, beta.channelId, "nope"] });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain("defaultChannelIds");
    expect(res.json.error.message).toContain(beta.channelId);
    expect(res.json.error.message).toContain("nope");
    const row = await db.workspace.findUniqueOrThrow({ where: { id: alpha.id } });
    expect([row.name, row.defaultChannelIds]).toEqual(["Alpha", []]);
  });

  it("a deleted default channel drops out of the settings", async () => {
    const second = await createTestChannel(db, { workspaceId: alpha.id });
    await patch({ defaultChannelIds: [second.id, alpha.channelId] });
    await db.channel.delete({ where: { id: second.id } });
    const res = await callRoute(workspaceRoute.GET, { path: "/api/workspace", headers: { cookie } });
    expect(res.json.defaultChannelIds).toEqual([alpha.channelId]);
  });

  it("needs settings:manage: a Viewer and a read token get 403 naming it, nothing changes", async () => {
    const viewer = await createUser({ workspaceIds: [beta.id] });
    await db.membership.create({ data: { userId: viewer.userId, workspaceId: alpha.id, role: "VIEWER" } });
    const viewerCookie = await signIn(viewer.email, viewer.password);
    // The viewer's session starts in Beta (their first workspace); switch to Alpha, where they are a Viewer.
    const session = await db.session.findFirstOrThrow({ where: { userId: viewer.userId } });
    await db.session.update({ where: { id: session.id }, data: { workspaceId: alpha.id } });
    const byViewer = await patch({ name: "Mine now" }, { cookie: viewerCookie, ...SAME });
    expect(byViewer.status).toBe(403);
    expect(byViewer.json.error.message).toContain("settings:manage");
    const readToken = await db.apiToken.findFirstOrThrow({ where: { workspaceId: alpha.id } });
    await db.apiToken.update({ where: { id: readToken.id }, data: { scope: "read" } });
    const byToken = await patch({ name: "Mine now" }, { authorization: `Bearer ${alpha.token}` });
    expect(byToken.status).toBe(403);
    expect(byToken.json.error.message).toContain("settings:manage");
    expect((await db.workspace.findUniqueOrThrow({ where: { id: alpha.id } })).name).toBe("Alpha");
  });

  it("a time-zone change keeps every scheduled instant, and the calendar's week follows the new zone", async () => {
    // Sunday 7 March 2027, 20:00 in UTC: the last evening of the week Mon 1 – Sun 7 March.
    const post = await createTestPost(db, { workspaceId: alpha.id, channelIds: [alpha.channelId] });
    const scheduled = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${post.id}/schedule`,
      params: { id: post.id },
      body: { scheduledAt: "2027-03-07T20:00:00" },
      headers: { cookie, ...SAME },
    });
    expect(scheduled.status).toBe(200);
    const instant = "2027-03-07T20:00:00.000Z";
    expect(scheduled.json.scheduledAt).toBe(instant);

    const utcWeek = weekRange({ instant: new Date(instant), timeZone: "UTC", weekStart: "monday" });
    expect([utcWeek.start.toISOString(), utcWeek.end.toISOString()]).toEqual([
      "2027-03-01T00:00:00.000Z",
      "2027-03-08T00:00:00.000Z",
    ]);

    const changed = await patch({ timezone: "Pacific/Auckland" });
    expect(changed.status).toBe(200);
    expect(changed.json.timezone).toBe("Pacific/Auckland");
    expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).scheduledAt?.toISOString()).toBe(instant);
    const read = await callRoute(postRoute.GET, {
      path: `/api/posts/${post.id}`,
      params: { id: post.id },
      token: alpha.token,
    });
    expect(read.json.scheduledAt).toBe(instant);
    expect(read.json.status).toBe("SCHEDULED");
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { workspaceId: alpha.id, action: "settings.changed" },
    });
    expect(audit.details).toEqual({ timezone: { from: "UTC", to: "Pacific/Auckland" } });

    // The session (what the calendar reads) has the new zone; in it, the same instant is Monday 8 March, 09:00
    // (NZDT, +13): the next week, which begins at Auckland's midnight.
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.json.workspace.timezone).toBe("Pacific/Auckland");
    const week = weekRange({
      instant: new Date(instant),
      timeZone: session.json.workspace.timezone,
      weekStart: session.json.workspace.weekStart,
    });
    expect([week.start.toISOString(), week.end.toISOString()]).toEqual([
      "2027-03-07T11:00:00.000Z",
      "2027-03-14T11:00:00.000Z",
    ]);
    const inWeek = (from: Date, to: Date) =>
      callRoute(postsRoute.GET, {
        path: `/api/posts?from=${from.toISOString()}&to=${to.toISOString()}`,
        token: alpha.token,
      });
    expect((await inWeek(week.start, week.end)).json.posts.map((p: { id: string }) => p.id)).toEqual([post.id]);
    // The week before in Auckland (Mon 1 – Sun 7 March local) no longer holds it.
    const before = weekRange({
      instant: new Date("2027-03-03T00:00:00Z"),
      timeZone: "Pacific/Auckland",
      weekStart: "monday",
    });
    expect(before.end.toISOString()).toBe(week.start.toISOString());
    expect((await inWeek(before.start, before.end)).json.posts).toEqual([]);

    // Sunday start: in Auckland the week is Sun 7 – Sat 13 March local.
    await patch({ weekStart: "sunday" });
    const sundayWeek = weekRange({ instant: new Date(instant), timeZone: "Pacific/Auckland", weekStart: "sunday" });
    expect(sundayWeek.start.toISOString()).toBe("2027-03-06T11:00:00.000Z");
  });
});

describe("PATCH /api/workspace time zone: the stored zone of posts not yet published follows", () => {
  it("drafts, scheduled and evergreen posts take the new zone with their instant and job kept; history stays", async () => {
    const scheduledPost = await createTestPost(db, { workspaceId: alpha.id, channelIds: [alpha.channelId] });
    const scheduled = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${scheduledPost.id}/schedule`,
      params: { id: scheduledPost.id },
      body: { scheduledAt: "2027-05-10T09:30:00", timezone: "Europe/Berlin" },
      headers: { cookie, ...SAME },
    });
    expect(scheduled.status).toBe(200);
    const instant = "2027-05-10T07:30:00.000Z"; // 09:30 in Berlin (CEST, +2)
    expect(scheduled.json.scheduledAt).toBe(instant);
    const { version } = await db.post.findUniqueOrThrow({ where: { id: scheduledPost.id } });
    const job = publishJobId(scheduledPost.id, version);
    expect(await getPublishQueue().getJob(job)).toBeTruthy();

    const make = (status: PostStatus, tags: string[] = [], timezone: string | null = "Europe/Berlin") =>
      db.post.create({
        data: {
          workspaceId: alpha.id,
          content: `${status} ${tags.join(" ")}`,
          status,
          tags,
          timezone,
          scheduledAt: status === "DRAFT" ? null : new Date("2027-01-04T12:00:00Z"),
          channels: { create: [{ channelId: alpha.channelId }] },
        },
      });
    const draft = await make("DRAFT");
    const zoneless = await make("DRAFT", [], null);
    const published = await make("PUBLISHED");
    const failed = await make("FAILED");
    const evergreenPublished = await make("PUBLISHED", ["evergreen"]);
    const deleted = await db.post.update({ where: { id: (await make("DRAFT")).id }, data: { deletedAt: new Date() } });
    const otherWorkspace = await db.post.create({
      data: { workspaceId: beta.id, content: "theirs", timezone: "Europe/Berlin" },
    });

    const changed = await patch({ timezone: "America/Los_Angeles" });
    expect(changed.status).toBe(200);

    const zones = Object.fromEntries(
      (
        await db.post.findMany({
          where: {
            id: {
              in: [scheduledPost, draft, zoneless, published, failed, evergreenPublished, deleted, otherWorkspace].map(
                (p) => p.id,
              ),
            },
          },
          select: { id: true, timezone: true },
        })
      ).map((p) => [p.id, p.timezone]),
    );
    expect(zones).toEqual({
      [scheduledPost.id]: "America/Los_Angeles",
      [draft.id]: "America/Los_Angeles",
      [zoneless.id]: "America/Los_Angeles",
      [evergreenPublished.id]: "America/Los_Angeles",
      [published.id]: "Europe/Berlin",
      [failed.id]: "Europe/Berlin",
      [deleted.id]: "Europe/Berlin",
      [otherWorkspace.id]: "Europe/Berlin",
    });

    // Same instant, same version, the queued job still the one that publishes it; the post reads in the new zone
    // (what the composer shows): 07:30 UTC is 00:30 in Los Angeles (PDT, -7).
    const after = await db.post.findUniqueOrThrow({ where: { id: scheduledPost.id } });
    expect(after.scheduledAt?.toISOString()).toBe(instant);
    expect(after.version).toBe(version);
    expect(after.status).toBe("SCHEDULED");
    expect(await getPublishQueue().getJob(job)).toBeTruthy();
    const read = await callRoute(postRoute.GET, {
      path: `/api/posts/${scheduledPost.id}`,
      params: { id: scheduledPost.id },
      token: alpha.token,
    });
    expect(read.json.timezone).toBe("America/Los_Angeles");
    expect(read.json.scheduledAtLocal).toBe("2027-05-10T00:30:00-07:00");
  });

  it("a refused change (unknown zone, or a Viewer) moves no post", async () => {
    const draft = await db.post.create({ data: { workspaceId: alpha.id, content: "d", timezone: "Europe/Berlin" } });
    const unknown = await patch({ timezone: "Mars/Olympus" });
    expect(unknown.status).toBe(400);
    const viewer = await createUser({ workspaceIds: [alpha.id], role: "VIEWER" });
    const viewerCookie = await signIn(viewer.email, viewer.password);
    const refused = await patch({ timezone: "Asia/Tokyo" }, { cookie: viewerCookie, ...SAME });
    expect(refused.status).toBe(403);
    expect((await db.post.findUniqueOrThrow({ where: { id: draft.id } })).timezone).toBe("Europe/Berlin");
    // Unchanged zone: nothing is written either.
    expect((await patch({ timezone: "UTC" })).status).toBe(200);
    expect((await db.post.findUniqueOrThrow({ where: { id: draft.id } })).timezone).toBe("Europe/Berlin");
  });
});

describe("POST /api/workspaces", () => {
  it("creates a workspace whose creator is the owner, and switches the session to it", async () => {
    const res = await callRoute(workspacesRoute.POST, {
      method: "POST",
      path: "/api/workspaces",
      body: { name: " Client D ", timezone: "Europe/Lisbon" },
      headers: { cookie, ...SAME },
    });
    expect(res.status).toBe(201);
    created.push(res.json.workspace.id);
    expect(res.json.workspace).toMatchObject({ name: "Client D", timezone: "Europe/Lisbon", weekStart: "monday" });
    expect(res.json.workspaces.map((w: { name: string; role: string }) => [w.name, w.role])).toEqual([
      ["Alpha", "OWNER"],
      ["Client D", "OWNER"],
    ]);
    const membership = await db.membership.findUniqueOrThrow({
      where: { userId_workspaceId: { userId, workspaceId: res.json.workspace.id } },
    });
    expect(membership.role).toBe("OWNER");
    // The session now works in it.
    const now = await callRoute(workspaceRoute.GET, { path: "/api/workspace", headers: { cookie } });
    expect(now.json).toMatchObject({ id: res.json.workspace.id, name: "Client D" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: res.json.workspace.id } });
    expect(audit).toMatchObject({ action: "workspace.created", actorUserId: userId });
  });

  it("defaults the zone to UTC", async () => {
    const res = await callRoute(workspacesRoute.POST, {
      method: "POST",
      path: "/api/workspaces",
      body: { name: "Plain" },
      headers: { cookie, ...SAME },
    });
    expect(res.status).toBe(201);
    created.push(res.json.workspace.id);
    expect(res.json.workspace.timezone).toBe("UTC");
  });

  it.each([
    [{ name: "", timezone: "UTC" }, "name"],
    [{ timezone: "UTC" }, "name"],
    [{ name: "X", timezone: "Europe/Atlantis" }, "timezone"],
    [{ name: "X", timezone: 5 }, "timezone"],
  ])("refuses %j with 400 naming %s, creating nothing", async (body, field) => {
    const count = await db.membership.count({ where: { userId } });
    const res = await callRoute(workspacesRoute.POST, {
      method: "POST",
      path: "/api/workspaces",
      body,
      headers: { cookie, ...SAME },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await db.membership.count({ where: { userId } })).toBe(count);
  });

  it("an API token cannot create a workspace (403)", async () => {
    const res = await callRoute(workspacesRoute.POST, {
      method: "POST",
      path: "/api/workspaces",
      body: { name: "By token" },
      token: alpha.token,
    });
    expect(res.status).toBe(403);
    expect(await db.workspace.count({ where: { name: "By token" } })).toBe(0);
  });
});
