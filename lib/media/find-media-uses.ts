import type { Db } from "@/lib/db/prisma";
import type { PostStatus } from "@/lib/generated/prisma/enums";

/** One post that uses a library item, as the Media page lists it. `scheduledAt` is an ISO instant (UTC) or null. */
export type MediaUse = { postId: string; excerpt: string; status: PostStatus; scheduledAt: string | null };
export type MediaUses = { usedIn: MediaUse[]; usedInCount: number };

/** At most this many posts are listed per item; `usedInCount` gives the whole number. */
export const MEDIA_USES_PER_ITEM = 20;
/** Excerpts are at most this many user-perceived characters (grapheme clusters), then "…". */
export const EXCERPT_GRAPHEMES = 80;

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The post's text on one line (whitespace runs become one space), cut at EXCERPT_GRAPHEMES graphemes with "…". */
function excerptOf(head: string): string {
  const line = head.replace(/\s+/g, " ").trim();
  const graphemes = [...segmenter.segment(line)];
  if (graphemes.length <= EXCERPT_GRAPHEMES) return line;
  return `${graphemes
    .slice(0, EXCERPT_GRAPHEMES)
    .map((g) => g.segment)
    .join("")
    .trimEnd()}…`;
}

type UseRow = {
  mediaId: string;
  postId: string;
  head: string;
  status: PostStatus;
  scheduledAt: Date | null;
  total: number;
};

/**
 * Where each of `mediaIds` is used: the workspace's posts (not deleted) that attach it, in ONE query for the whole
 * page of items (no query per item). Per item: scheduled and publishing posts first (they are what keeps an item from
 * being deleted, lib/media/delete-media.ts), then by scheduled time (unscheduled last), at most MEDIA_USES_PER_ITEM,
 * each with a one-line excerpt of its text. Returns a map by media id; an item no post uses is absent.
 */
export async function findMediaUses({
  db,
  workspaceId,
  mediaIds,
}: {
  db: Db;
  workspaceId: string;
  mediaIds: readonly string[];
}): Promise<Map<string, MediaUses>> {
  const uses = new Map<string, MediaUses>();
  if (mediaIds.length === 0) return uses;
  // Only the first 400 characters leave the database: an excerpt needs 80 graphemes, and posts may hold 10,000.
  const rows = await db.$queryRaw<UseRow[]>`
    SELECT u."mediaId", u."postId", u.head, u.status, u."scheduledAt", u.total
    FROM (
      SELECT pm."mediaId", p."id" AS "postId", left(p."content", 400) AS head, p."status"::text AS status,
             p."scheduledAt",
             row_number() OVER (
               PARTITION BY pm."mediaId"
               ORDER BY (p."status" IN ('SCHEDULED', 'PUBLISHING')) DESC, p."scheduledAt" ASC NULLS LAST,
                        p."createdAt" DESC, p."id"
             ) AS n,
             (count(*) OVER (PARTITION BY pm."mediaId"))::int AS total
      FROM "PostMedia" pm
      JOIN "Post" p ON p."id" = pm."postId"
      WHERE pm."mediaId" = ANY(${[...mediaIds]}::text[]) AND p."workspaceId" = ${workspaceId} AND p."deletedAt" IS NULL
    ) u
    WHERE u.n <= ${MEDIA_USES_PER_ITEM}
    ORDER BY u."mediaId", u.n`;
  for (const row of rows) {
    let entry = uses.get(row.mediaId);
    if (!entry) {
      entry = { usedIn: [], usedInCount: Number(row.total) };
      uses.set(row.mediaId, entry);
    }
    entry.usedIn.push({
      postId: row.postId,
      excerpt: excerptOf(row.head),
      status: row.status,
      scheduledAt: row.scheduledAt ? new Date(row.scheduledAt).toISOString() : null,
    });
  }
  return uses;
}
