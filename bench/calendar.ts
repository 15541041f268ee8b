import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { NextRequest } from "next/server";
import { GET as calendarGet } from "@/app/api/calendar/route";
import { GET as postsGet } from "@/app/api/posts/route";
import { generateApiToken } from "@/lib/api/auth";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSqlPool } from "@/lib/db/sql";
import { CALENDAR_CHANNELS_SQL, CALENDAR_PUBLICATIONS_SQL, CALENDAR_SQL } from "@/lib/posts/list-calendar-posts";
import { CALENDAR_MAX_POSTS } from "@/lib/schemas/calendar";
import { seedCalendarVolume } from "@/tests/helpers/calendar-volume";
import { quantile } from "./stats";

// The calendar's month at agency volume: a workspace with 100,000 posts (48 months of history, 12 ahead: ~1,650 a
// month, ~2,400 in a month view's 6 weeks) next to a second workspace with 50,000, seeded set-based
// (tests/helpers/calendar-volume.ts). Timed: GET /api/calendar through its real route handler (API-token auth,
// query parsing, the SQL, shaping, JSON) for the month view the client asks for (6 weeks and a day each side) and
// for a week; the same statement on a bare `pg` pool; and, for scale, GET /api/posts over the same month (what the
// calendar called before, full post responses through Prisma, capped at 1,000). The plan (EXPLAIN ANALYZE) goes
// into the section. Goal: the month in p95 ≤ 50 ms on the API. Cleans up after itself.
// Alone: `npm run stack -- exec --profile bench -- npx tsx bench/calendar.ts` prints the section.

const POSTS = 100_000;
const OTHER_POSTS = 50_000;
const WARMUP = 5;
const CALLS = 50;
const DAY = 86_400_000;

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
const progress = (message: string) => process.stderr.write(`[bench:calendar] ${message}\n`);

async function timeCalls(fn: () => Promise<unknown>, calls = CALLS): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

/** The range a month view of `now`'s month asks for: Monday on or before the 1st, 6 weeks, a day more each side. */
function monthViewRange(now: Date): { from: Date; to: Date } {
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY;
  return { from: new Date(monday - DAY), to: new Date(monday + 43 * DAY) };
}

export async function benchCalendar(): Promise<string> {
  const db = createPrismaClient();
  const bare = createSqlPool(undefined, 2);
  const now = new Date();
  const run = randomUUID().slice(0, 8);
  const workspace = await db.workspace.create({ data: { name: `bench-calendar-${run}`, timezone: "Europe/Berlin" } });
  const other = await db.workspace.create({ data: { name: `bench-calendar-other-${run}`, timezone: "UTC" } });
  try {
    const { token, hash, prefix } = generateApiToken();
    await db.apiToken.create({ data: { workspaceId: workspace.id, name: "bench", tokenHash: hash, prefix } });
    const seedStarted = performance.now();
    await seedCalendarVolume(bare, { workspaceId: workspace.id, prefix: `bc${run}`, n: POSTS, now });
    await seedCalendarVolume(bare, { workspaceId: other.id, prefix: `bo${run}`, n: OTHER_POSTS, now });
    const seedMs = performance.now() - seedStarted;
    progress(`${POSTS + OTHER_POSTS} posts seeded in ${fmt(seedMs)}`);

    const month = monthViewRange(now);
    const week = { from: new Date(now.getTime() - 4 * DAY), to: new Date(now.getTime() + 5 * DAY) };
    // Timed: the handler's whole answer, body read to the end. Parsing that JSON is the client's work: not timed.
    const answer = async (handler: typeof calendarGet, path: string) => {
      const req = new NextRequest(`http://localhost${path}`, {
        headers: { authorization: `Bearer ${token}`, [CLIENT_ADDRESS_HEADER]: "198.18.0.1" },
      });
      const res = await handler(req, { params: Promise.resolve({}) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const call = async (handler: typeof calendarGet, path: string) =>
      JSON.parse(await answer(handler, path)) as { posts: unknown[]; truncated?: boolean };
    const qs = (r: { from: Date; to: Date }) =>
      `from=${encodeURIComponent(r.from.toISOString())}&to=${encodeURIComponent(r.to.toISOString())}`;

    const monthAnswer = await call(calendarGet, `/api/calendar?${qs(month)}`);
    const weekAnswer = await call(calendarGet, `/api/calendar?${qs(week)}`);
    const monthBytes = Buffer.byteLength(JSON.stringify(monthAnswer));
    progress(`month view: ${monthAnswer.posts.length} posts (${Math.round(monthBytes / 1024)} KiB); timing`);
    const apiMonth = await timeCalls(() => answer(calendarGet, `/api/calendar?${qs(month)}`));
    progress(`API month: p50 ${fmt(quantile(apiMonth, 0.5))}, p95 ${fmt(quantile(apiMonth, 0.95))}`);
    const range = (r: { from: Date; to: Date }) => [workspace.id, r.from, r.to];
    // The same three statements the service runs, at once, on a bare pool (no auth, parsing, shaping or JSON).
    const bareCall = async (r: { from: Date; to: Date }) => {
      const [posts] = await Promise.all([
        bare.query(CALENDAR_SQL, [...range(r), CALENDAR_MAX_POSTS + 1]),
        bare.query(CALENDAR_PUBLICATIONS_SQL, range(r)),
        bare.query(CALENDAR_CHANNELS_SQL, [workspace.id]),
      ]);
      return posts.rows.length;
    };
    let bareRows = 0;
    const bareMonth = await timeCalls(async () => {
      bareRows = await bareCall(month);
    });
    progress(`bare month: p50 ${fmt(quantile(bareMonth, 0.5))}, p95 ${fmt(quantile(bareMonth, 0.95))}`);
    const apiWeek = await timeCalls(() => answer(calendarGet, `/api/calendar?${qs(week)}`));
    const bareWeek = await timeCalls(() => bareCall(week));
    const oldPath = `/api/posts?${qs(month)}&limit=1000`;
    const oldCount = (await call(postsGet, oldPath)).posts.length;
    const oldMonth = await timeCalls(() => answer(postsGet, oldPath), 20);
    progress(`old GET /api/posts month: p50 ${fmt(quantile(oldMonth, 0.5))}`);

    const explain = async (statement: string, params: unknown[]) =>
      (await bare.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${statement}`, params)).rows.map(
        (r: Record<string, string>) => r["QUERY PLAN"] ?? "",
      );
    const plan = [
      "-- CALENDAR_SQL (posts, channel ids, first media)",
      ...(await explain(CALENDAR_SQL, [...range(month), CALENDAR_MAX_POSTS + 1])),
      "-- CALENDAR_PUBLICATIONS_SQL (latest publication, results)",
      ...(await explain(CALENDAR_PUBLICATIONS_SQL, range(month))),
    ];

    const row = (name: string, t: number[]) =>
      `| ${name} | ${t.length} | ${fmt(quantile(t, 0.5))} | ${fmt(quantile(t, 0.95))} | ${fmt(Math.max(...t))} |`;
    const p95 = quantile(apiMonth, 0.95);
    return [
      "## Calendar month at volume",
      "",
      `A workspace with ${POSTS.toLocaleString("en")} posts (48 months back, 12 ahead; PUBLISHED with a publication and ` +
        `per-channel results before now, SCHEDULED or DRAFT after; 4 channels, every third post on two, every fifth ` +
        `with an image, every 50th deleted) next to another with ${OTHER_POSTS.toLocaleString("en")}, seeded in ` +
        `${fmt(seedMs)} (tests/helpers/calendar-volume.ts). The month view of ${now.toISOString().slice(0, 7)} asks ` +
        `for ${month.from.toISOString().slice(0, 10)} – ${month.to.toISOString().slice(0, 10)}: ` +
        `${monthAnswer.posts.length.toLocaleString("en")} posts, ${Math.round(monthBytes / 1024)} KiB of JSON ` +
        `(bare: ${bareRows.toLocaleString("en")} rows); the week ${weekAnswer.posts.length} posts. ` +
        `${CALLS} timed calls after ${WARMUP} warm-up calls, one at a time; an API call is timed until its body is ` +
        `read to the end (parsing the JSON is the client's).`,
      "",
      "| what | calls | p50 | p95 | max |",
      "|---|---|---|---|---|",
      row(
        "GET /api/calendar, month view (route handler: token auth, zod, 3 statements at once, shaping, JSON)",
        apiMonth,
      ),
      row("bare `pg`: the same three statements at once, month view", bareMonth),
      row("GET /api/calendar, week view", apiWeek),
      row("bare `pg`: the same three statements at once, week view", bareWeek),
      row(
        `before: GET /api/posts over the month (Prisma, full post responses, ${oldCount} of them: capped at 1,000)`,
        oldMonth,
      ),
      "",
      `**Goal p95 ≤ 50 ms for the month on the API: ${p95 <= 50 ? "met" : "NOT met"} (${fmt(p95)}).**`,
      "",
      "Plans of the month (EXPLAIN ANALYZE, costs and timing off):",
      "",
      "```",
      ...plan,
      "```",
      "",
    ].join("\n");
  } finally {
    progress("cleaning up");
    await db.workspace.delete({ where: { id: workspace.id } }).catch(() => undefined);
    await db.workspace.delete({ where: { id: other.id } }).catch(() => undefined);
    await bare.end();
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchCalendar()
    .then((section) => {
      process.stdout.write(`${section}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
