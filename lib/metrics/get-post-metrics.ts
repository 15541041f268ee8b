import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Db } from "@/lib/db/prisma";
import { metricFigures } from "@/lib/metrics/metric-figures";
import { postLatestMetrics, postLatestMetricsId } from "@/lib/metrics/post-latest-metrics";
import type { PostMetricsResponse } from "@/lib/schemas/metrics";

/**
 * A post's engagement so far: per channel, its latest snapshot (post_latest_metrics, one `_id` lookup) with the
 * figures named as that platform names them. `channels` is empty when no snapshot was stored yet. Throws
 * ApiError not_found (404) when the post is not in this workspace; a deleted post's metrics stay readable, like its
 * publications (history kept).
 */
export async function getPostMetrics({
  db,
  mongo = getMetricsDb(),
  workspaceId,
  postId,
}: {
  db: Db;
  mongo?: MongoDb;
  workspaceId: string;
  postId: string;
}): Promise<PostMetricsResponse> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { id: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const doc = await postLatestMetrics(mongo).findOne({ _id: postLatestMetricsId(workspaceId, postId) });
  return {
    postId,
    channels: (doc?.channels ?? []).map((c) => ({
      channelId: c.channelId,
      platform: c.platform,
      publicationId: c.publicationId,
      collectedAt: c.collectedAt.toISOString(),
      figures: metricFigures(c.platform, c),
      followers: c.followers,
    })),
  };
}
