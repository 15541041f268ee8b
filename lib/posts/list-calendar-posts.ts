import { getSql, type Sql } from "@/lib/db/sql";
import type { PostStatus, PublicationStatus, ResultStatus, ReviewState } from "@/lib/generated/prisma/enums";
import { outcomeStateOf } from "@/lib/posts/publication-outcome";
import {
  CALENDAR_MAX_POSTS,
  type CalendarChannelResponse,
  type CalendarPostResponse,
  type CalendarQuery,
  type CalendarResponse,
} from "@/lib/schemas/calendar";

/**
 * The calendar's posts: the workspace's live posts scheduled in [$2, $3), soonest first, at most $4, each with its
 * channel ids and its first library item. Arrays, not JSON objects, and no channel details per post (those come
 * once, CALENDAR_CHANNELS_SQL). Indexes (EXPLAIN in bench/RESULTS.md, "Calendar month at volume"):
 * "Post_calendar_idx" (workspaceId, scheduledAt) WHERE deletedAt IS NULL for the range, then per post the keys of
 * PostChannel and PostMedia (postId, position).
 */
export const CALENDAR_SQL = `
SELECT p.id, p.content, p.status, p."reviewState", p."scheduledAt", p.timezone,
  ARRAY(SELECT pc."channelId" FROM "PostChannel" pc WHERE pc."postId" = p.id ORDER BY pc."channelId") AS "channelIds",
  fm."mediaId", fm."thumbnailKey", fm."altText"
FROM "Post" p
LEFT JOIN LATERAL (
  SELECT pm."mediaId", m."thumbnailKey", pm."altText"
  FROM "PostMedia" pm JOIN "MediaItem" m ON m.id = pm."mediaId"
  WHERE pm."postId" = p.id ORDER BY pm.position LIMIT 1
) fm ON true
WHERE p."workspaceId" = $1 AND p."deletedAt" IS NULL AND p."scheduledAt" >= $2 AND p."scheduledAt" < $3
ORDER BY p."scheduledAt", p.id
LIMIT $4`;

/**
 * The latest publication of each post of the same range (`$1`–`$3` as CALENDAR_SQL): its status and per-channel
 * result statuses. A second statement, run beside the first on another connection: on the month view's ~2,400
 * posts each half takes about as long as the other, so the answer comes in about half the time of one statement.
 * Indexes: the same range, then "Publication_postId_startedAt_idx" and PublicationResult (publicationId,
 * channelId).
 */
export const CALENDAR_PUBLICATIONS_SQL = `
SELECT p.id, pu.status AS "publicationStatus",
  COALESCE(rs."channelIds", '{}') AS "resultChannelIds", COALESCE(rs.statuses, '{}') AS "resultStatuses"
FROM "Post" p
JOIN LATERAL (
  SELECT id, status FROM "Publication" WHERE "postId" = p.id ORDER BY "startedAt" DESC LIMIT 1
) pu ON true
LEFT JOIN LATERAL (
  SELECT array_agg(r."channelId" ORDER BY r."channelId") AS "channelIds",
         array_agg(r.status::text ORDER BY r."channelId") AS statuses
  FROM "PublicationResult" r WHERE r."publicationId" = pu.id
) rs ON true
WHERE p."workspaceId" = $1 AND p."deletedAt" IS NULL AND p."scheduledAt" >= $2 AND p."scheduledAt" < $3`;

/** Every channel of the workspace, deleted ones included (a past failure still names its channel). */
export const CALENDAR_CHANNELS_SQL = `
SELECT id, platform, "displayName", "accountName", "avatarUrl", color, active, "deletedAt" IS NOT NULL AS deleted
FROM "Channel" WHERE "workspaceId" = $1 ORDER BY "displayName", id`;

type CalendarRow = {
  id: string;
  content: string;
  status: PostStatus;
  reviewState: ReviewState | null;
  scheduledAt: Date;
  timezone: string | null;
  channelIds: string[];
  mediaId: string | null;
  thumbnailKey: string | null;
  altText: string | null;
};

type PublicationRow = {
  id: string;
  publicationStatus: PublicationStatus;
  resultChannelIds: string[];
  resultStatuses: ResultStatus[];
};

/** The latest publication's outcome from its status and results (as lib/posts/publication-outcome.ts sums it). */
function outcomeOf(publication: PublicationRow | undefined): CalendarPostResponse["outcome"] {
  if (!publication || publication.publicationStatus === "RUNNING") return null;
  const count = (s: ResultStatus) => publication.resultStatuses.filter((r) => r === s).length;
  const state = outcomeStateOf(count("SUCCEEDED"), count("FAILED"), count("UNCONFIRMED"));
  if (!state) return null;
  const failing = publication.resultStatuses.flatMap((status, i) =>
    status === "FAILED" || status === "UNCONFIRMED" ? [{ id: publication.resultChannelIds[i] ?? "", status }] : [],
  );
  return { state, failing };
}

function toCalendarPost(row: CalendarRow, publication: PublicationRow | undefined): CalendarPostResponse {
  const resultOf = new Map(
    publication?.resultChannelIds.map((id, i) => [id, publication.resultStatuses[i] ?? null]) ?? [],
  );
  return {
    id: row.id,
    content: row.content,
    status: row.status,
    reviewState: row.reviewState,
    scheduledAt: row.scheduledAt.toISOString(),
    timezone: row.timezone,
    media: row.mediaId
      ? [
          {
            id: row.mediaId,
            thumbnailUrl: row.thumbnailKey ? `/api/media/${row.mediaId}/thumbnail` : null,
            altText: row.altText,
          },
        ]
      : [],
    channels: row.channelIds.map((id) => ({ id, result: resultOf.get(id) ?? null })),
    outcome: outcomeOf(publication),
  };
}

/**
 * GET /api/calendar: the workspace's posts scheduled in [from, to) (deleted ones left out), soonest first, in the
 * calendar's shape (lib/schemas/calendar.ts), and the workspace's channels, from three statements run at once on
 * the bare `pg` pool (posts, their latest publications, channels; merged by post id). At agency volume (100,000
 * posts, ~2,400 in a month view) Prisma's per-relation queries and the full post response took over 100 ms for
 * 1,000 of them, twice the 50 ms the month view has (bench/RESULTS.md, "Calendar month at volume"). At most
 * CALENDAR_MAX_POSTS posts; `truncated` says there were more. Reads never write; errors are the pool's (a
 * PostgreSQL outage surfaces as the route's 503).
 */
export async function listCalendarPosts({
  sql = getSql(),
  workspaceId,
  query,
}: {
  sql?: Sql;
  workspaceId: string;
  query: CalendarQuery;
}): Promise<CalendarResponse> {
  const range = [workspaceId, new Date(query.from), new Date(query.to)];
  const [posts, publications, channels] = await Promise.all([
    sql.query<CalendarRow>(CALENDAR_SQL, [...range, CALENDAR_MAX_POSTS + 1]),
    sql.query<PublicationRow>(CALENDAR_PUBLICATIONS_SQL, range),
    sql.query<CalendarChannelResponse>(CALENDAR_CHANNELS_SQL, [workspaceId]),
  ]);
  const publicationOf = new Map(publications.rows.map((p) => [p.id, p]));
  return {
    posts: posts.rows.slice(0, CALENDAR_MAX_POSTS).map((row) => toCalendarPost(row, publicationOf.get(row.id))),
    channels: channels.rows,
    truncated: posts.rows.length > CALENDAR_MAX_POSTS,
  };
}
