import { NextRequest } from "next/server";
import Papa from "papaparse";
import { beforeEach, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/posts/export/route";
import * as previewRoute from "@/app/api/posts/import/preview/route";
import * as importRoute from "@/app/api/posts/import/route";
import { getEnv } from "@/lib/env";
import { importPosts } from "@/lib/imports/import-posts";
import { writeImportedPosts } from "@/lib/imports/write-imported-posts";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { SAME_ORIGIN, signInAs } from "@/tests/helpers/team";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Issue 13 "Bulk import and export" through the real route handlers on real PostgreSQL and Redis: the preview names
// every row's problems and writes nothing; the import is all or nothing; each imported post has exactly one job
// (the single path's id and delay); DST rows; another workspace's channel refused; an export imports back.

const app = isolateAppSingletons();
const { db, createWorkspace, createUser } = setupTestWorkspaces({ app, obliterateQueue: true, sql: true });
let token: string;
let workspaceId: string;
let box: { id: string };
let sky: { id: string };
let otherChannel: { id: string };

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" });
  token = created.token;
  workspaceId = created.workspace.id;
  box = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
  sky = await createTestChannel(db, { workspaceId, platform: "BLUESKY", displayName: "Sky" });
  const other = await createWorkspace({ timezone: "UTC" });
  otherChannel = await createTestChannel(db, { workspaceId: other.workspace.id, platform: "SANDBOX" });
});

const csvOf = (rows: Record<string, string>[]) =>
  Papa.unparse({
    fields: ["text", "channels", "time", "timezone", "tags", "media_urls"],
    data: rows.map((r) => [r.text, r.channels, r.time, r.timezone, r.tags, r.media_urls].map((v) => v ?? "")),
  });
const preview = (csv: string) =>
  callRoute(previewRoute.POST, { method: "POST", path: "/api/posts/import/preview", token, body: { csv } });
const runImport = (csv: string, headers?: Record<string, string>) =>
  callRoute(importRoute.POST, {
    method: "POST",
    path: "/api/posts/import",
    token: headers ? undefined : token,
    headers,
    body: { csv },
  });
async function exportFile(params: string) {
  const req = new NextRequest(`http://localhost/api/posts/export?${params}`, {
    headers: { authorization: `Bearer ${token}`, "x-cadence-client-address": "198.18.0.9" },
  });
  const res = await exportRoute.GET(req, { params: Promise.resolve({}) });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}
const jobIds = async () =>
  (await app.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();
const nothingWritten = async () => {
  expect(await db.post.count({ where: { workspaceId } })).toBe(0);
  expect(await jobIds()).toEqual([]);
};
const year = new Date().getUTCFullYear() + 1;

describe("POST /api/posts/import/preview", () => {
  it("names every problem of every row and writes nothing", async () => {
    const csv = csvOf([
      { text: "fine", channels: "Box", time: `${year}-05-01T09:00`, timezone: "", tags: "launch", media_urls: "" },
      { text: "unknown and past", channels: "Nope", time: "2020-01-01T09:00", timezone: "", tags: "", media_urls: "" },
      { text: "queued", channels: box.id, time: "queue", timezone: "", tags: "", media_urls: "" },
      {
        text: "gap",
        channels: "box",
        time: `${year}-03-28T02:30`,
        timezone: "Europe/Berlin",
        tags: "",
        media_urls: "",
      },
      { text: "a".repeat(301), channels: "Sky", time: `${year}-05-01T09:00`, timezone: "", tags: "", media_urls: "" },
      {
        text: "bad bits",
        channels: otherChannel.id,
        time: `${year}-05-01T09:00`,
        timezone: "Mars/Base",
        tags: "a b",
        media_urls: "ftp://x.test/a.png",
      },
    ]);
    const res = await preview(csv);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.validRows).toBe(1);
    const problems = res.json.rows.map((r: { problems: string[] }) => r.problems);
    expect(problems[0]).toEqual([]);
    expect(res.json.rows[0].channelNames).toEqual(["Box"]);
    expect(res.json.rows[0].scheduledAt).toBe(`${year}-05-01T07:00:00.000Z`);
    expect(problems[1]).toEqual([
      'channels: "Nope" is not a channel of this workspace',
      expect.stringMatching(/^time: .*is in the past$/),
    ]);
    // Box has no posting schedule (README "Queue"): the queued row says so.
    expect(problems[2]).toEqual(["time: Box · Sandbox has no posting schedule: set one on the Queue page"]);
    expect(problems[3]).toEqual([expect.stringMatching(/^time: .*(does not exist|skipped|gap)/i)]);
    expect(problems[4]).toEqual([expect.stringMatching(/^text: Sky: Bluesky allows 300 characters/)]);
    expect(problems[5]).toEqual(
      expect.arrayContaining([
        `channels: "${otherChannel.id}" is not a channel of this workspace`,
        expect.stringMatching(/^timezone: /),
        expect.stringMatching(/^tags: /),
        expect.stringMatching(/^media_urls: /),
      ]),
    );
    await nothingWritten();
  });

  it("names what is wrong with the file itself", async () => {
    const res = await preview("body,where\nhello,Box\n");
    expect(res.status).toBe(200);
    expect(res.json.fileProblems).toEqual([
      'The header row has no "text" column',
      'The header row has no "channels" column',
    ]);
    expect(res.json.ok).toBe(false);
    const empty = await preview("text,channels,time\n");
    expect(empty.json.fileProblems).toEqual(["The file has no rows to import"]);
  });
});

describe("POST /api/posts/import", () => {
  it("imports nothing when one row has a problem, and names it", async () => {
    const csv = csvOf([
      { text: "one", channels: "Box", time: `${year}-05-01T09:00` },
      { text: "two", channels: "Box", time: "queue" },
    ]);
    const res = await runImport(csv);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toBe(
      "1 of 2 row(s) have problems (row 2: time: Box · Sandbox has no posting schedule: set one on the Queue page); nothing was imported",
    );
    expect(res.json.error.details.rows[1].problems).toEqual([
      "time: Box · Sandbox has no posting schedule: set one on the Queue page",
    ]);
    await nothingWritten();
  });

  it("schedules every row with exactly one job each, read in its own zone across DST", async () => {
    const csv = csvOf([
      { text: "berlin summer", channels: "Box", time: `${year}-07-01T09:00`, timezone: "" },
      // The autumn overlap: 02:30 happens twice in Berlin; the earlier (CEST, +02:00) is meant.
      { text: "overlap", channels: "Box", time: `${year}-10-31T02:30`, timezone: "Europe/Berlin" },
      { text: "new york", channels: `Box; ${sky.id}`, time: `${year}-03-14T09:00`, timezone: "America/New_York" },
      { text: "instant", channels: "Box", time: `${year}-01-02T10:00:00Z`, timezone: "" },
    ]);
    const now = new Date();
    const out = await importPosts({ db, queue: app.queue(), workspaceId, csv, now });
    expect(out.imported).toBe(4);
    const posts = await db.post.findMany({
      where: { id: { in: out.postIds } },
      include: { channels: { orderBy: { channelId: "asc" } } },
    });
    const byText = new Map(posts.map((p) => [p.content, p]));
    const expected: [string, string, string][] = [
      ["berlin summer", `${year}-07-01T07:00:00.000Z`, "Europe/Berlin"],
      ["overlap", `${year}-10-31T00:30:00.000Z`, "Europe/Berlin"],
      ["new york", `${year}-03-14T13:00:00.000Z`, "America/New_York"],
      ["instant", `${year}-01-02T10:00:00.000Z`, "Europe/Berlin"],
    ];
    for (const [text, at, zone] of expected) {
      const post = byText.get(text);
      expect(post?.scheduledAt?.toISOString(), text).toBe(at);
      expect(post?.timezone).toBe(zone);
      expect(post?.status).toBe("SCHEDULED");
      expect(post?.version).toBe(1);
    }
    expect(byText.get("new york")?.channels.map((c) => c.channelId)).toEqual([box.id, sky.id].sort());
    expect(await jobIds()).toEqual(out.postIds.map((id) => publishJobId(id, 1)).sort());
    for (const post of posts) {
      const job = await app.queue().getJob(publishJobId(post.id, 1));
      expect(job?.data).toEqual({ postId: post.id, workspaceId, version: 1 });
      expect(job?.opts.delay).toBe((post.scheduledAt?.getTime() ?? 0) - now.getTime() - getEnv().PUBLISH_PREWAKE_MS);
    }
  });

  it("refuses another workspace's channel by id, writing nothing", async () => {
    const res = await runImport(csvOf([{ text: "x", channels: otherChannel.id, time: `${year}-05-01T09:00` }]));
    expect(res.status).toBe(422);
    expect(res.json.error.details.rows[0].problems).toEqual([
      `channels: "${otherChannel.id}" is not a channel of this workspace`,
    ]);
    await nothingWritten();
  });

  it("takes back the batches already written when a later batch fails", async () => {
    const at = new Date(Date.now() + 86_400_000);
    const good = { content: "ok", channelIds: [box.id], instant: at, zone: "UTC", tags: [], media: [] };
    const broken = { ...good, channelIds: ["no-such-channel"] };
    await expect(
      writeImportedPosts({
        db,
        queue: app.queue(),
        workspaceId,
        posts: [good, good, good, broken],
        now: new Date(),
        batchSize: 2,
      }),
    ).rejects.toThrow();
    await nothingWritten();

    const ids = await writeImportedPosts({
      db,
      queue: app.queue(),
      workspaceId,
      posts: [good, good, good, good, good],
      now: new Date(),
      batchSize: 2,
    });
    expect(ids).toHaveLength(5);
    expect(await jobIds()).toEqual(ids.map((id) => publishJobId(id, 1)).sort());
  });

  it("sends the posts for review when the workspace requires approval and the importer cannot approve", async () => {
    await db.workspace.update({ where: { id: workspaceId }, data: { approvalsRequired: true } });
    const editor = await createUser({ workspaceIds: [], name: "Eddie Editor" });
    const { cookie } = await signInAs(db, { userId: editor.userId, workspaceId, role: "EDITOR" });
    const res = await runImport(csvOf([{ text: "please approve", channels: "Box", time: `${year}-05-01T09:00` }]), {
      cookie,
      ...SAME_ORIGIN,
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("IN_REVIEW");
    const post = await db.post.findUniqueOrThrow({ where: { id: res.json.postIds[0] }, include: { comments: true } });
    expect(post.status).toBe("IN_REVIEW");
    expect(post.comments.map((c) => [c.kind, c.authorUserId])).toEqual([["SUBMITTED", editor.userId]]);
    expect(await jobIds()).toEqual([]);
  });
});

describe("GET /api/posts/export", () => {
  it("exports the filtered posts as CSV and JSON, and the CSV imports back to the same posts", async () => {
    const csv = csvOf([
      { text: 'Quotes "and", commas\nand a new line', channels: "Box", time: `${year}-10-31T02:30`, tags: "a; b" },
      { text: "=1+1 stays text", channels: "Sky", time: `${year}-06-01T12:00`, timezone: "Asia/Tokyo", tags: "b" },
    ]);
    const first = await runImport(csv);
    expect(first.status).toBe(201);

    const json = await exportFile("format=json&tag=a");
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text).posts.map((p: { text: string }) => p.text)).toEqual([
      'Quotes "and", commas\nand a new line',
    ]);

    // The list's search filters narrow the export too (text through the trigram search): only the Tokyo post.
    const found = await exportFile("format=json&q=stays%20text");
    expect(JSON.parse(found.text).posts.map((p: { text: string }) => p.text)).toEqual(["=1+1 stays text"]);

    const file = await exportFile("format=csv");
    expect(file.type).toBe("text/csv; charset=utf-8");
    // Safe to open in a spreadsheet: the formula-like text is exported behind a "'".
    expect(file.text).toContain("'=1+1 stays text");
    const again = await runImport(file.text);
    expect(again.status).toBe(201);
    const shape = async (ids: string[]) =>
      (
        await db.post.findMany({
          where: { id: { in: ids } },
          include: { channels: true },
          orderBy: { scheduledAt: "asc" },
        })
      ).map((p) => ({
        content: p.content,
        at: p.scheduledAt?.toISOString(),
        zone: p.timezone,
        tags: p.tags,
        channels: p.channels.map((c) => c.channelId),
      }));
    expect(await shape(again.json.postIds)).toEqual(await shape(first.json.postIds));

    const bad = await exportFile("format=xml");
    expect(bad.status).toBe(400);
  });
});
