import { randomUUID } from "node:crypto";
import type { Db as MongoDb } from "mongodb";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { engagementRollup } from "@/lib/metrics/engagement-rollup";
import { type MetricSnapshotDoc, metricSnapshots, snapshotId } from "@/lib/metrics/metric-snapshots";

// Published posts and metric snapshots for metrics/optimal-time tests. Rows go straight to PostgreSQL (as the
// worker would leave them after publishing); clean up with the workspace delete plus `deleteWorkspaceMetrics`.

/** A PUBLISHED post with one SUCCEEDED publication on `channelId` at `publishedAt`. */
export async function createPublishedPost(
  db: Db,
  {
    workspaceId,
    channelId,
    platform,
    publishedAt,
  }: { workspaceId: string; channelId: string; platform: Platform; publishedAt: Date },
) {
  const post = await db.post.create({
    data: {
      workspaceId,
      content: `published ${publishedAt.toISOString()}`,
      status: "PUBLISHED",
      scheduledAt: publishedAt,
      publishCount: 1,
      lastPublishedAt: publishedAt,
      version: 1,
      channels: { create: [{ channelId }] },
    },
  });
  const publication = await db.publication.create({
    data: {
      workspaceId,
      postId: post.id,
      postVersion: 1,
      status: "SUCCEEDED",
      scheduledAt: publishedAt,
      startedAt: publishedAt,
      finishedAt: publishedAt,
      results: {
        create: [
          {
            channelId,
            platform,
            status: "SUCCEEDED",
            idempotencyKey: randomUUID(),
            platformPostId: `p-${post.id}`,
            publishedAt,
            attempts: 1,
          },
        ],
      },
    },
  });
  return { postId: post.id, publicationId: publication.id, channelId, platform, publishedAt };
}

/** A snapshot document whose engagement rate at `ageHours` is `rate` over a reach of 1000. */
export function snapshotDoc(
  workspaceId: string,
  p: { postId: string; publicationId: string; channelId: string; platform: Platform; publishedAt: Date },
  { rate, ageHours = 72, reach = 1000 }: { rate: number; ageHours?: number; reach?: number | null },
): MetricSnapshotDoc {
  const engagement = Math.round(rate * (reach ?? 1000));
  const collectedAt = new Date(p.publishedAt.getTime() + ageHours * 3_600_000);
  return {
    _id: snapshotId({ ...p, collectedAt }),
    workspaceId,
    ...p,
    collectedAt,
    ageMs: ageHours * 3_600_000,
    impressions: null,
    reach,
    likes: engagement,
    comments: 0,
    shares: 0,
    saves: 0,
    clicks: 0,
    followers: 1000,
  };
}

/** Snapshots and their rollup days of these workspaces (the posts' latest figures go with the posts, in PostgreSQL). */
export async function deleteWorkspaceMetrics(mongo: MongoDb, workspaceIds: string[]) {
  await metricSnapshots(mongo).deleteMany({ workspaceId: { $in: workspaceIds } });
  await engagementRollup(mongo).deleteMany({ workspaceId: { $in: workspaceIds } });
}
