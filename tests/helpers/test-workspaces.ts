import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { getMetricsDb, getMongoClient } from "@/lib/db/mongo";
import { getPrisma } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import type { Workspace } from "@/lib/generated/prisma/client";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import type { isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { deleteWorkspaceMetrics } from "@/tests/helpers/metrics";
import { SAME_ORIGIN, signInAs } from "@/tests/helpers/team";

/** createTestWorkspace's options: `timezone`, `name`, `approvalsRequired`. */
export type TestWorkspaceOptions = NonNullable<Parameters<typeof createTestWorkspace>[1]>;

/** createTestChannel's options for a channel of the workspace being made (the workspace is filled in). */
export type TestChannelOptions = Omit<Parameters<typeof createTestChannel>[1], "workspaceId">;

/**
 * What `createWorkspace` made: the workspace, its id, `token` (the plain bearer token of its API token),
 * `channelIds[i]` the id of the channel made from `channels[i]`, and `channelId` the first one's (the usual
 * one-channel case; undefined without channels).
 */
export type TestWorkspace<C extends readonly TestChannelOptions[] = []> = {
  workspace: Workspace;
  workspaceId: string;
  token: string;
  channelIds: { -readonly [K in keyof C]: string };
  channelId: C extends readonly [unknown, ...unknown[]] ? string : undefined;
};

/** A signed-in member of a test workspace: `headers` is the session cookie plus the same-origin headers of a write. */
export type TestMember = { userId: string; email: string; cookie: string; headers: Record<string, string> };

/**
 * The shared set-up of an integration test file on the app's Prisma client (`getPrisma()`): call it once at the top
 * of the file, after `isolateAppSingletons()` if the file uses one (pass it as `app`). It returns `db` and:
 * - `createWorkspace({ timezone, name, approvalsRequired }, channels)`: a workspace with an API token and one
 *   channel per entry of `channels` (createTestChannel's options; none by default), made in order; returns a
 *   `TestWorkspace`.
 * - `createUser(options)`: createTestUser's user.
 * - `createMember({ workspaceId, role, name, email })`: a new user who is a member of that workspace only, with
 *   `role`, signed in there (signInAs); returns a `TestMember`.
 *
 * Workspaces and users made through these are deleted after each test, in this order: `cleanup` (given the ids still
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

  async function createWorkspace<const C extends readonly TestChannelOptions[] = []>(
    options: TestWorkspaceOptions = {},
    channels: C = [] as unknown as C,
  ): Promise<TestWorkspace<C>> {
    const { workspace, token } = await createTestWorkspace(db, options);
    workspaceIds.push(workspace.id);
    const channelIds: string[] = [];
    for (const channel of channels)
      channelIds.push((await createTestChannel(db, { ...channel, workspaceId: workspace.id })).id);
    return { workspace, workspaceId: workspace.id, token, channelIds, channelId: channelIds[0] } as TestWorkspace<C>;
  }
  async function createUser(options: Parameters<typeof createTestUser>[1]) {
    const user = await createTestUser(db, options);
    userIds.push(user.userId);
    return user;
  }

  return {
    db,
    createWorkspace,
    createUser,
    /**
     * A new user (`name`, `email` as createTestUser; deleted after the test) who is a member of `workspaceId` with
     * `role` and nowhere else, signed in there (signInAs). Returns `{ userId, email, cookie, headers }`: `cookie` the
     * `cookie` header value, `headers` that cookie with SAME_ORIGIN, ready for a cookie-authenticated write.
     */
    async createMember({
      workspaceId,
      role,
      ...user
    }: { workspaceId: string; role: MembershipRole } & Omit<
      Parameters<typeof createTestUser>[1],
      "workspaceIds" | "role"
    >): Promise<TestMember> {
      const { userId, email } = await createUser({ ...user, workspaceIds: [] });
      const { cookie } = await signInAs(db, { userId, workspaceId, role });
      return { userId, email, cookie, headers: { cookie, ...SAME_ORIGIN } };
    },
  };
}
