import { getMetricsDb, getMongoClient } from "@/lib/db/mongo";
import { createPrismaClient } from "@/lib/db/prisma";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import { seedEngagementHistory } from "@/prisma/seed-metrics";
import { createTestChannel, createTestPost, createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { deleteWorkspaceMetrics } from "@/tests/helpers/metrics";

// Seeds for e2e/insights-evergreen.spec.ts through the test factories, in a tsx child (Playwright's CJS loader
// cannot load the ESM Prisma client; see e2e/seed.ts). One JSON command in argv, one JSON answer on stdout.

type Command =
  | {
      op: "insights";
      timezone: string;
      withHistory: boolean;
      /** More channels without history (e2e/small-things.spec.ts: one listed before the history's). */
      extraChannels?: { platform: "BLUESKY" | "MASTODON"; displayName: string }[];
    }
  | { op: "evergreen"; timezone: string; fresh: number }
  | { op: "cleanup"; workspaceIds: string[]; userIds: string[] };

type Db = ReturnType<typeof createPrismaClient>;

async function workspaceWithUser(db: Db, timezone: string, name: string) {
  const { workspace } = await createTestWorkspace(db, { timezone, name });
  const user = await createTestUser(db, { workspaceIds: [workspace.id] });
  return { workspaceId: workspace.id, ...user };
}

async function run(cmd: Command, db: Db): Promise<unknown> {
  switch (cmd.op) {
    case "insights": {
      const seeded = await workspaceWithUser(db, cmd.timezone, `E2E insights ${Date.now()}`);
      for (const extra of cmd.extraChannels ?? []) {
        await createTestChannel(db, { workspaceId: seeded.workspaceId, ...extra });
      }
      if (!cmd.withHistory) return { ...seeded, best: null };
      const mongo = getMetricsDb();
      await seedEngagementHistory({ db, mongo, workspaceId: seeded.workspaceId, timezone: cmd.timezone });
      // What the calculator answers for this workspace: the spec checks the page highlights exactly this slot.
      const times = await getOptimalTimes({ db, mongo, workspaceId: seeded.workspaceId, platform: "INSTAGRAM" });
      return { ...seeded, best: times.slots[0] ?? null, basedOnPosts: times.basedOnPosts };
    }
    case "evergreen": {
      const seeded = await workspaceWithUser(db, cmd.timezone, `E2E evergreen ${Date.now()}`);
      const channel = await createTestChannel(db, {
        workspaceId: seeded.workspaceId,
        platform: "SANDBOX",
        displayName: "E2E sandbox",
      });
      const fresh: string[] = [];
      for (let i = 0; i < cmd.fresh; i++) {
        const post = await createTestPost(db, {
          workspaceId: seeded.workspaceId,
          channelIds: [channel.id],
          content: `Evergreen tip #${i + 1}: batch your posts on Mondays`,
          tags: ["evergreen"],
        });
        fresh.push(post.id);
      }
      // Published yesterday: the rotation must skip it (within EVERGREEN_MIN_INTERVAL_DAYS) and say why.
      const recent = await createTestPost(db, {
        workspaceId: seeded.workspaceId,
        channelIds: [channel.id],
        content: "Evergreen classic published yesterday",
        tags: ["evergreen"],
      });
      await db.post.update({
        where: { id: recent.id },
        data: { status: "PUBLISHED", publishCount: 1, lastPublishedAt: new Date(Date.now() - 86_400_000) },
      });
      return { ...seeded, channelId: channel.id, fresh, recentId: recent.id };
    }
    case "cleanup": {
      await deleteWorkspaceMetrics(getMetricsDb(), cmd.workspaceIds);
      await db.workspace.deleteMany({ where: { id: { in: cmd.workspaceIds } } });
      await db.user.deleteMany({ where: { id: { in: cmd.userIds } } });
      return {};
    }
  }
}

async function main() {
  const cmd = JSON.parse(process.argv[2] ?? "{}") as Command;
  const db = createPrismaClient();
  try {
    process.stdout.write(`${JSON.stringify(await run(cmd, db))}\n`);
  } finally {
    await db.$disconnect();
    await getMongoClient().close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
