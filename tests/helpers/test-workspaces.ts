import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { getMetricsDb, getMongoClient } from "@/lib/db/mongo";
import { getPrisma } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import type { isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { deleteWorkspaceMetrics } from "@/tests/helpers/metrics";

/**
 * The shared set-up of an integration test file on the app's Prisma client (`getPrisma()`): call it once at the top
 * of the file, after `isolateAppSingletons()` if the file uses one (pass it as `app`). Workspaces and users made
 * through `createWorkspace` / `createUser` are deleted after each test, in this order: `cleanup` (given the ids still
 * to be deleted), with `mediaFiles` each workspace's folder of media files on the local disk (MEDIA_LOCAL_DIR), with
 * `obliterateQueue` the app's publish queue, with `metrics` the workspaces' snapshots and rollup
 * days, the users, the workspaces (everything else cascades). After all tests it closes, in this order: the Mongo
 * client (`mongo`, on by default with `metrics`), the SQL pool (`sql`), then `app` (queue, producer Redis, Prisma)
 * or, without `app`, Prisma alone.
 */
export function setupTestWorkspaces({
  app,
  obliterateQueue = false,
  metrics = false,
  mongo = metrics,
  sql = false,
  mediaFiles = false,
  cleanup,
}: {
  app?: ReturnType<typeof isolateAppSingletons>;
  obliterateQueue?: boolean;
  metrics?: boolean;
  mongo?: boolean;
  sql?: boolean;
  mediaFiles?: boolean;
  cleanup?: (created: { workspaceIds: string[]; userIds: string[] }) => Promise<unknown>;
} = {}) {
  if (obliterateQueue && !app) throw new Error("obliterateQueue needs app (isolateAppSingletons)");
  const db = getPrisma();
  const workspaceIds: string[] = [];
  const userIds: string[] = [];

  afterEach(async () => {
    await cleanup?.({ workspaceIds, userIds });
    if (mediaFiles)
      for (const id of workspaceIds)
        await rm(path.resolve(getEnv().MEDIA_LOCAL_DIR, id), { recursive: true, force: true });
    if (obliterateQueue) await app?.queue().obliterate({ force: true });
    if (metrics) await deleteWorkspaceMetrics(getMetricsDb(), workspaceIds);
    if (userIds.length > 0) await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    workspaceIds.length = 0;
    userIds.length = 0;
  });
  afterAll(async () => {
    if (mongo) await getMongoClient().close();
    if (sql) await getSql().end();
    await (app ? app.close() : db.$disconnect());
  });

  return {
    db,
    async createWorkspace(options?: Parameters<typeof createTestWorkspace>[1]) {
      const created = await createTestWorkspace(db, options);
      workspaceIds.push(created.workspace.id);
      return created;
    },
    async createUser(options: Parameters<typeof createTestUser>[1]) {
      const user = await createTestUser(db, options);
      userIds.push(user.userId);
      return user;
    },
  };
}
