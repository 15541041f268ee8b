import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { metricFigures } from "@/lib/metrics/metric-figures";
import { readLatestReadings } from "@/lib/metrics/post-latest-metrics";
import type { PostMetricsResponse } from "@/lib/schemas/metrics";

/**
 * A post's engagement so far: per channel, its latest snapshot (PostgreSQL "PostLatestMetric", one primary-key
 * range) with the figures named as that platform names them. `channels` is empty when no snapshot was stored yet. Throws
 * ApiError not_found (404) when the post is not in this workspace; a deleted post's metrics stay readable, like its
 * publications (history kept).
 */
export async function getPostMetrics({
  db,
  workspaceId,
  postId,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
}): Promise<PostMetricsResponse> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { id: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const readings = await readLatestReadings(db, workspaceId, postId);
  return {
    postId,
    channels: readings.map((c) => ({
      channelId: c.channelId,
      platform: c.platform,
      publicationId: c.publicationId,
      collectedAt: c.collectedAt.toISOString(),
      figures: metricFigures(c.platform, c),
      followers: c.followers,
    })),
  };
}
