import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatInTimeZone } from "date-fns-tz";
import { generateApiToken, hashApiToken } from "@/lib/api/auth";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { DEMO_EMAIL } from "@/lib/auth/safe-next";
import { createChannel } from "@/lib/channels/create-channel";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { createPost } from "@/lib/posts/create-post";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { seedEngagementHistory } from "./seed-metrics";

// Demo data for `npm run up`: one workspace in Europe/Berlin with two sandbox channels, drafts, evergreen posts,
// posts scheduled over the coming week (through the real scheduling service, so the queue has their jobs), one
// due two minutes after seeding so a newcomer sees it publish, and a little publishing history.
// Idempotent: a second run reuses the workspace and prints the same token and demo password (kept in files).

const DEMO_NAME = "Cadence Demo";
const ZONE = "Europe/Berlin";

const { values } = parseArgs({
  options: {
    "token-file": { type: "string", default: ".data/dev/demo-token" },
    "password-file": { type: "string", default: ".data/dev/demo-password" },
  },
});
const tokenFile = path.resolve(values["token-file"] ?? ".data/dev/demo-token");
const passwordFile = path.resolve(values["password-file"] ?? ".data/dev/demo-password");

const db = createPrismaClient();
const mongo = createMongoClient();
const redis = createRedis("producer");
const queue = createPublishQueue(redis);

async function demoToken(workspaceId: string): Promise<string> {
  if (existsSync(tokenFile)) {
    const token = readFileSync(tokenFile, "utf8").trim();
    const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
    if (row && !row.revokedAt && row.workspaceId === workspaceId) return token;
  }
  const { token, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { workspaceId, name: "demo", tokenHash: hash, prefix } });
  mkdirSync(path.dirname(tokenFile), { recursive: true });
  writeFileSync(tokenFile, token, { mode: 0o600 });
  return token;
}

/**
 * The demo user (OWNER of the demo workspace). Its password is random, made once and kept in the password file;
 * a second run reuses it, and a lost or changed file gets a new password.
 */
async function demoUser(workspaceId: string): Promise<string> {
  const existing = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  const saved = existsSync(passwordFile) ? readFileSync(passwordFile, "utf8").trim() : "";
  let password = saved;
  if (!existing || !saved || !(await verifyPassword(existing.passwordHash, saved))) {
    password = randomBytes(12).toString("base64url");
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { email: DEMO_EMAIL },
      create: { email: DEMO_EMAIL, name: "Demo", passwordHash },
      update: { passwordHash },
    });
    mkdirSync(path.dirname(passwordFile), { recursive: true });
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL } });
  await db.membership.upsert({
    where: { userId_workspaceId: { userId: user.id, workspaceId } },
    create: { userId: user.id, workspaceId, role: "OWNER" },
    update: { role: "OWNER" },
  });
  return password;
}

/** Wall-clock "YYYY-MM-DDTHH:mm" in the demo zone, `days` from today at `hour:minute`. */
function localAt(days: number, hour: number, minute = 0): string {
  const day = new Date(Date.now() + days * 86_400_000);
  return `${formatInTimeZone(day, ZONE, "yyyy-MM-dd")}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

async function seedContent(workspaceId: string) {
  const feed = await createChannel({
    db,
    workspaceId,
    input: { platform: "SANDBOX", displayName: "Demo feed (sandbox)", config: {}, active: true },
  });
  const team = await createChannel({
    db,
    workspaceId,
    input: { platform: "SANDBOX", displayName: "Team updates (sandbox)", config: {}, active: true },
  });
  const both = [feed.id, team.id];
  const make = (content: string, tags: string[] = [], channelIds = both) =>
    createPost({ db, workspaceId, input: { content, tags, channelIds, mediaUrls: [] } });

  await make("Draft: behind the scenes of our spring collection. Photos to follow.");
  await make("Draft: customer story with Ana from Lisbon — needs her approval first.", [], [feed.id]);
  for (const text of [
    "Five keyboard shortcuts that save our team an hour a week. #productivity",
    "How we plan a month of posts in one afternoon — our checklist.",
    "Reminder: every plan includes unlimited channels and team members.",
  ]) {
    await make(text, ["evergreen"]);
  }

  const soon = await make("Hello from Cadence! This post was scheduled by the demo seed and publishes by itself.");
  const inTwoMinutes = new Date(Date.now() + 2 * 60_000).toISOString();
  await schedulePost({ db, queue, workspaceId, postId: soon.id, scheduledAt: inTwoMinutes });

  const week: [number, number, number, string][] = [
    [1, 9, 0, "Monday motivation: what are you shipping this week?"],
    [1, 18, 30, "New on the blog: choosing the best time to post, honestly."],
    [2, 12, 15, "Lunch-and-learn recap: scheduling across time zones without tears."],
    [3, 19, 0, "Thursday evening Q&A — drop your questions below."],
    [5, 10, 0, "Weekend reading list from the team."],
  ];
  for (const [days, hour, minute, text] of week) {
    const post = await make(text);
    await schedulePost({
      db,
      queue,
      workspaceId,
      postId: post.id,
      scheduledAt: localAt(days, hour, minute),
      timezone: ZONE,
    });
  }

  // History: posts already published through the sandbox, with their publication records.
  for (const [days, text] of [
    [-1, "Yesterday: we crossed 1,000 scheduled posts!"],
    [-3, "Throwback: our first prototype of the calendar view."],
  ] as const) {
    const post = await make(text);
    const at = new Date(Date.now() + days * 86_400_000);
    await db.$transaction(async (tx) => {
      await tx.post.update({
        where: { id: post.id },
        data: {
          status: "PUBLISHED",
          scheduledAt: at,
          timezone: ZONE,
          version: 1,
          publishCount: 1,
          lastPublishedAt: at,
        },
      });
      await tx.publication.create({
        data: {
          workspaceId,
          postId: post.id,
          postVersion: 1,
          status: "SUCCEEDED",
          scheduledAt: at,
          startedAt: at,
          finishedAt: at,
          results: {
            create: both.map((channelId) => ({
              channelId,
              platform: "SANDBOX" as const,
              status: "SUCCEEDED" as const,
              idempotencyKey: `seed-${post.id}-${channelId}`,
              platformPostId: `sandbox-${post.id.slice(-8)}-${channelId.slice(-4)}`,
              url: null, // the sandbox sends nothing: no link (only http(s) links are kept)
              attempts: 1,
              publishedAt: at,
            })),
          },
        },
      });
    });
  }
}

async function main() {
  let workspace = await db.workspace.findFirst({ where: { name: DEMO_NAME } });
  const fresh = !workspace;
  workspace ??= await db.workspace.create({ data: { name: DEMO_NAME, timezone: ZONE } });
  if (fresh) await seedContent(workspace.id);
  // 120 days of imported Instagram/LinkedIn history with metrics (idempotent): the Insights heatmap shows
  // Tuesday and Thursday 18:00-20:00 Berlin time as best on Instagram.
  const history = await seedEngagementHistory({
    db,
    mongo: getMetricsDb(mongo),
    workspaceId: workspace.id,
    timezone: ZONE,
  });
  if (history.created)
    console.log(`Engagement history: ${history.posts} posts, ${history.snapshots} metric snapshots.`);
  const token = await demoToken(workspace.id);
  const password = await demoUser(workspace.id);
  console.log(`\nDemo workspace "${DEMO_NAME}" (${ZONE})${fresh ? " created" : " already there"}.`);
  console.log(`Demo API token (for scripts and curl): ${token}`);
  console.log(`Sign in at http://localhost:${process.env.PORT ?? "3000"} with ${DEMO_EMAIL} / ${password}\n`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await queue.close();
    redis.disconnect();
    await db.$disconnect();
    await mongo.close();
  });
