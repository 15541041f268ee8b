import { randomUUID } from "node:crypto";
import { generateApiToken } from "@/lib/api/auth";
import { hashPassword } from "@/lib/auth/password";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Channel, Post, Prisma, Publication, Workspace } from "@/lib/generated/prisma/client";
import type { MembershipRole, Platform, PublicationStatus, ResultStatus } from "@/lib/generated/prisma/enums";

// Seed factories for tests (integration and e2e). Rows go straight to the database, as the services would
// write them; clean up with `db.workspace.delete({ where: { id } })` (everything cascades from the workspace).

/**
 * A workspace with one API token; `token` is the plain bearer token to send. `approvalsRequired` (default false) is
 * the workspace's approval setting (README "Approvals").
 */
export async function createTestWorkspace(
  db: Db,
  {
    timezone = "UTC",
    name,
    approvalsRequired = false,
  }: { timezone?: string; name?: string; approvalsRequired?: boolean } = {},
): Promise<{ workspace: Workspace; token: string }> {
  const workspace = await db.workspace.create({
    data: { name: name ?? `test-${randomUUID()}`, timezone, approvalsRequired },
  });
  const { token, hash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { workspaceId: workspace.id, name: "test", tokenHash: hash, prefix } });
  return { workspace, token };
}

/** A channel (default SANDBOX). Credentials are encrypted like the API does; WEBHOOK needs config { url }. */
export async function createTestChannel(
  db: Db,
  {
    workspaceId,
    platform = "SANDBOX",
    config = {},
    credentials,
    displayName,
    active = true,
  }: {
    workspaceId: string;
    platform?: Platform;
    config?: Record<string, unknown>;
    credentials?: Record<string, unknown>;
    displayName?: string;
    active?: boolean;
  },
): Promise<Channel> {
  return db.channel.create({
    data: {
      workspaceId,
      platform,
      displayName: displayName ?? `${platform.toLowerCase()}-${randomUUID().slice(0, 8)}`,
      config: config as Prisma.InputJsonValue,
      credentialsEnc: credentials ? encryptCredentials(credentials) : null,
      active,
    },
  });
}

/** A DRAFT post on the given channels. */
export async function createTestPost(
  db: Db,
  {
    workspaceId,
    channelIds,
    content = "Hello from Cadence",
    tags = [],
    mediaUrls = [],
  }: { workspaceId: string; channelIds: string[]; content?: string; tags?: string[]; mediaUrls?: string[] },
): Promise<Post> {
  return db.post.create({
    data: {
      workspaceId,
      content,
      tags,
      mediaUrls,
      channels: { create: channelIds.map((channelId) => ({ channelId })) },
    },
  });
}

/**
 * A finished publication run of version `postVersion` of a post: `status`, scheduled, started and finished at `at`,
 * with one result per entry of `results` (one attempt, a fresh idempotency key, `publishedAt` = `at` when SUCCEEDED,
 * else null). It does not touch the post: set its status and publish history yourself.
 */
export async function createTestPublication(
  db: Db,
  {
    workspaceId,
    postId,
    postVersion,
    status,
    at,
    results,
  }: {
    workspaceId: string;
    postId: string;
    postVersion: number;
    status: PublicationStatus;
    at: Date;
    results: { channelId: string; platform: Platform; status: ResultStatus }[];
  },
): Promise<Publication> {
  return db.publication.create({
    data: {
      workspaceId,
      postId,
      postVersion,
      status,
      scheduledAt: at,
      startedAt: at,
      finishedAt: at,
      results: {
        create: results.map((result) => ({
          ...result,
          idempotencyKey: randomUUID(),
          publishedAt: result.status === "SUCCEEDED" ? at : null,
          attempts: 1,
        })),
      },
    },
  });
}

/**
 * A user (argon2id-hashed password) who is a member of each of `workspaceIds` (`role`, default OWNER, of the first;
 * EDITOR of the others). Users are not
 * under a workspace: remove them with `db.user.deleteMany({ where: { id: { in: [...] } } })`.
 */
export async function createTestUser(
  db: Db,
  {
    workspaceIds,
    email = `user-${randomUUID()}@test.cadence.local`,
    password = `pw-${randomUUID()}`,
    name = "Test User",
    role = "OWNER",
  }: { workspaceIds: string[]; email?: string; password?: string; name?: string; role?: MembershipRole },
): Promise<{ userId: string; email: string; password: string }> {
  const user = await db.user.create({
    data: {
      email: email.trim().toLowerCase(),
      name,
      passwordHash: await hashPassword(password),
      memberships: {
        create: workspaceIds.map((workspaceId, i) => ({ workspaceId, role: i === 0 ? role : "EDITOR" })),
      },
    },
  });
  return { userId: user.id, email: user.email, password };
}
