import { Prisma } from "@/lib/generated/prisma/client";
import type { ListPostsQuery } from "@/lib/schemas/posts";

/** `%`, `_` and `\` typed by a person are matched as themselves in ILIKE (PostgreSQL's default escape is `\`). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The SQL that finds the ids of a workspace's posts matching `query` (GET /api/posts with q, author or outcome), in
 * the list's order (soonest scheduled first, unscheduled last, newest created first), at most `query.limit`.
 * - `q`: `content ILIKE '%q%'` — answered by the pg_trgm GIN index "Post_content_trgm_idx"
 *   (prisma/migrations/20270101500000_post_search; https://www.postgresql.org/docs/current/pgtrgm.html#PGTRGM-INDEX:
 *   "these indexes support LIKE and ILIKE" for patterns with at least one 3-character trigram);
 * - `outcome`: what the post's latest publication came to, the same rule as outcomeStateOf
 *   (lib/posts/publication-outcome.ts) from its results' SUCCEEDED / FAILED / UNCONFIRMED counts;
 * - the rest as listPosts: [from, to) over scheduledAt, status (any of), tag, channel, author, deleted.
 * Exported on its own so a test can EXPLAIN exactly this statement.
 */
export function searchPostIdsSql({ workspaceId, query }: { workspaceId: string; query: ListPostsQuery }): Prisma.Sql {
  const where: Prisma.Sql[] = [
    Prisma.sql`p."workspaceId" = ${workspaceId}`,
    query.deleted ? Prisma.sql`p."deletedAt" IS NOT NULL` : Prisma.sql`p."deletedAt" IS NULL`,
  ];
  if (query.q) where.push(Prisma.sql`p."content" ILIKE ${likePattern(query.q)}`);
  if (query.from) where.push(Prisma.sql`p."scheduledAt" >= ${new Date(query.from)}`);
  if (query.to) where.push(Prisma.sql`p."scheduledAt" < ${new Date(query.to)}`);
  if (query.status) where.push(Prisma.sql`p."status"::text IN (${Prisma.join(query.status)})`);
  if (query.tag) where.push(Prisma.sql`${query.tag} = ANY(p."tags")`);
  if (query.author) where.push(Prisma.sql`p."createdByUserId" = ${query.author}`);
  if (query.channel) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "PostChannel" pc WHERE pc."postId" = p."id" AND pc."channelId" = ${query.channel})`,
    );
  }
  if (query.outcome) {
    // The state of the latest publication, computed as outcomeStateOf does (null when no result decided yet).
    const state = Prisma.sql`(
      SELECT CASE
        WHEN count(*) FILTER (WHERE r."status" = 'SUCCEEDED') > 0 THEN
          CASE WHEN count(*) FILTER (WHERE r."status" IN ('FAILED', 'UNCONFIRMED')) > 0
            THEN 'partly_published' ELSE 'published' END
        WHEN count(*) FILTER (WHERE r."status" = 'FAILED') > 0 THEN 'failed'
        WHEN count(*) FILTER (WHERE r."status" = 'UNCONFIRMED') > 0 THEN 'unconfirmed'
      END
      FROM "PublicationResult" r
      WHERE r."publicationId" = (
        SELECT pub."id" FROM "Publication" pub WHERE pub."postId" = p."id" ORDER BY pub."startedAt" DESC LIMIT 1
      )
    )`;
    where.push(Prisma.sql`${state} IN (${Prisma.join(query.outcome)})`);
  }
  return Prisma.sql`SELECT p."id" FROM "Post" p WHERE ${Prisma.join(where, " AND ")}
    ORDER BY p."scheduledAt" ASC NULLS LAST, p."createdAt" DESC, p."id" ASC
    LIMIT ${query.limit}`;
}
