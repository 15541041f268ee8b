import { REVIEW_TIME_PASSED_MESSAGE } from "@/lib/approvals/review-time-passed";
import { listChannelsNeedingReconnect } from "@/lib/attention/list-channels-needing-reconnect";
import type { Db } from "@/lib/db/prisma";
import type { Platform, PostStatus, PublicationStatus, ResultStatus } from "@/lib/generated/prisma/enums";
import { publicationOutcomeOf } from "@/lib/posts/publication-outcome";
import { type AttentionResponse, attentionResponseSchema } from "@/lib/schemas/attention";

const DAY_MS = 24 * 3600_000;
const EXCERPT_CHARS = 140;

type Row = {
  id: string;
  content: string;
  status: PostStatus;
  version: number;
  scheduledAt: Date | null;
  updatedAt: Date;
  publicationId: string;
  postVersion: number;
  publicationStatus: PublicationStatus;
  finishedAt: Date | null;
  total: bigint;
  results: {
    id: string;
    channelId: string;
    platform: Platform;
    status: ResultStatus;
    url: string | null;
    errorMessage: string | null;
    errorKind: string | null;
    displayName: string;
    active: boolean;
    deletedAt: string | null;
  }[];
};

type CountRow = {
  scheduledNext24h: bigint;
  publishingNow: bigint;
  published: bigint;
  partlyPublished: bigint;
  failed: bigint;
  unconfirmed: bigint;
};

/**
 * "Needs attention" for one workspace (GET /api/attention), in two queries:
 * 1. posts (not deleted, PUBLISHED or FAILED: not rescheduled since) whose latest publication has a FAILED or
 *    UNCONFIRMED channel, newest finish first, at most `limit`, each with every channel's result and its outcome
 *    (lib/posts/publication-outcome.ts), plus how many there are in all;
 * 2. the workspace's posts counted by state: SCHEDULED in the next 24 h, PUBLISHING now, and by the outcome of
 *    their latest publication finished in the last 7 days.
 * Plus posts whose time passed while IN_REVIEW (never published: REVIEW_TIME_PASSED_MESSAGE) and channels that need
 * reconnecting (listChannelsNeedingReconnect). Every query is scoped to `workspaceId`.
 */
export async function listAttention({
  db,
  workspaceId,
  limit = 50,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  limit?: number;
  now?: Date;
}): Promise<AttentionResponse> {
  const rows = await db.$queryRaw<Row[]>`
    WITH latest AS (
      SELECT DISTINCT ON (pub."postId") pub.id, pub."postId", pub."postVersion", pub.status, pub."finishedAt"
      FROM "Publication" pub
      WHERE pub."workspaceId" = ${workspaceId}
      ORDER BY pub."postId", pub."startedAt" DESC, pub.id
    )
    SELECT p.id, p.content, p.status, p.version, p."scheduledAt", p."updatedAt", l.id AS "publicationId",
      l."postVersion", l.status AS "publicationStatus", l."finishedAt", count(*) OVER () AS total,
      json_agg(json_build_object('id', r.id, 'channelId', r."channelId", 'platform', r.platform,
        'status', r.status, 'url', r.url, 'errorMessage', r."errorMessage", 'errorKind', r."errorKind",
        'displayName', c."displayName", 'active', c.active, 'deletedAt', c."deletedAt") ORDER BY r."channelId")
        AS results
    FROM latest l
    JOIN "Post" p ON p.id = l."postId" AND p."workspaceId" = ${workspaceId} AND p."deletedAt" IS NULL
    JOIN "PublicationResult" r ON r."publicationId" = l.id
    JOIN "Channel" c ON c.id = r."channelId" AND c."workspaceId" = ${workspaceId}
    WHERE p.status IN ('PUBLISHED', 'FAILED') AND l.status <> 'RUNNING'
      AND EXISTS (SELECT 1 FROM "PublicationResult" x WHERE x."publicationId" = l.id
        AND x.status IN ('FAILED', 'UNCONFIRMED'))
    GROUP BY p.id, l.id, l."postVersion", l.status, l."finishedAt"
    ORDER BY l."finishedAt" DESC NULLS LAST, p.id
    LIMIT ${limit}`;

  const since = new Date(now.getTime() - 7 * DAY_MS);
  const dayAhead = new Date(now.getTime() + DAY_MS);
  const [counts] = await db.$queryRaw<CountRow[]>`
    WITH finished AS (
      SELECT count(*) FILTER (WHERE r.status = 'SUCCEEDED') AS s, count(*) FILTER (WHERE r.status = 'FAILED') AS f,
        count(*) FILTER (WHERE r.status = 'UNCONFIRMED') AS u
      FROM "Publication" pub
      JOIN "Post" p ON p.id = pub."postId" AND p."deletedAt" IS NULL AND p.status IN ('PUBLISHED', 'FAILED')
      JOIN "PublicationResult" r ON r."publicationId" = pub.id
      WHERE pub."workspaceId" = ${workspaceId} AND pub."finishedAt" >= ${since} AND pub.status <> 'RUNNING'
        AND NOT EXISTS (SELECT 1 FROM "Publication" n WHERE n."postId" = pub."postId" AND n."startedAt" > pub."startedAt")
      GROUP BY pub.id
    ), posts AS (
      SELECT count(*) FILTER (WHERE status = 'SCHEDULED' AND "scheduledAt" >= ${now} AND "scheduledAt" < ${dayAhead})
          AS "scheduledNext24h",
        count(*) FILTER (WHERE status = 'PUBLISHING') AS "publishingNow"
      FROM "Post" WHERE "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL AND status IN ('SCHEDULED', 'PUBLISHING')
    )
    SELECT posts.*,
      (SELECT count(*) FROM finished WHERE s > 0 AND f + u = 0) AS published,
      (SELECT count(*) FROM finished WHERE s > 0 AND f + u > 0) AS "partlyPublished",
      (SELECT count(*) FROM finished WHERE s = 0 AND f > 0) AS failed,
      (SELECT count(*) FROM finished WHERE s = 0 AND f = 0 AND u > 0) AS unconfirmed
    FROM posts`;

  const channels = await listChannelsNeedingReconnect({ db, workspaceId });
  const passed = await db.post.findMany({
    where: { workspaceId, deletedAt: null, status: "IN_REVIEW", scheduledAt: { lte: now } },
    select: { id: true, content: true, scheduledAt: true },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const posts = rows.flatMap((row) => {
    const outcome = publicationOutcomeOf(
      {
        id: row.publicationId,
        postVersion: row.postVersion,
        status: row.publicationStatus,
        finishedAt: row.finishedAt,
        results: row.results.map(({ displayName, active, deletedAt, ...r }) => ({
          ...r,
          channel: { displayName, active, deletedAt, needsReconnect: channels.some((c) => c.id === r.channelId) },
        })),
      },
      row,
    );
    if (!outcome) return [];
    return [
      {
        id: row.id,
        excerpt: excerptOf(row.content),
        status: row.status,
        scheduledAt: row.scheduledAt?.toISOString() ?? null,
        finishedAt: row.finishedAt?.toISOString() ?? null,
        outcome,
      },
    ];
  });
  const n = (v: bigint | undefined) => Number(v ?? 0);
  return attentionResponseSchema.parse({
    posts,
    totalPosts: n(rows[0]?.total),
    reviewTimePassed: passed.map((p) => ({
      id: p.id,
      excerpt: excerptOf(p.content),
      scheduledAt: p.scheduledAt?.toISOString() ?? now.toISOString(),
      message: REVIEW_TIME_PASSED_MESSAGE,
    })),
    channels,
    counts: {
      scheduledNext24h: n(counts?.scheduledNext24h),
      publishingNow: n(counts?.publishingNow),
      last7Days: {
        published: n(counts?.published),
        partlyPublished: n(counts?.partlyPublished),
        failed: n(counts?.failed),
        unconfirmed: n(counts?.unconfirmed),
      },
    },
  });
}

/** The post's text cut to EXCERPT_CHARS characters (code points), with "…" when cut. */
function excerptOf(content: string): string {
  const excerpt = [...content].slice(0, EXCERPT_CHARS).join("");
  return excerpt.length < content.length ? `${excerpt}…` : excerpt;
}
