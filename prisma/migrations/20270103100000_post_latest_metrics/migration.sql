-- The sent card's per-post latest metrics move from MongoDB (collection post_latest_metrics, dropped by the worker
-- at start) to PostgreSQL: FerretDB 1.x scans its whole collection for a find by `_id` that matches nothing, so every
-- new post's first reading slowed snapshot ingest in proportion to the number of posts (577 docs/s at 20,000 posts,
-- bench/RESULTS.md). Rebuilt from metric_snapshots by the worker at its first start after this migration.
CREATE TABLE "PostLatestMetric" (
    "postId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "collectedAt" TIMESTAMPTZ(3) NOT NULL,
    "impressions" BIGINT,
    "reach" BIGINT,
    "likes" BIGINT NOT NULL,
    "comments" BIGINT NOT NULL,
    "shares" BIGINT NOT NULL,
    "saves" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "followers" BIGINT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostLatestMetric_pkey" PRIMARY KEY ("postId","channelId")
);
CREATE INDEX "PostLatestMetric_workspaceId_idx" ON "PostLatestMetric"("workspaceId");
ALTER TABLE "PostLatestMetric" ADD CONSTRAINT "PostLatestMetric_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PostLatestMetric" ADD CONSTRAINT "PostLatestMetric_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
