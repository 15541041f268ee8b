import type pg from "pg";

const MONTH_MS = 30.44 * 86_400_000;

export type CalendarVolume = {
  /** The posts' ids are `${prefix}-${i}`, i from 0. */
  prefix: string;
  channelIds: string[];
  /** When post i is scheduled: `first + i * stepMs`. */
  first: Date;
  stepMs: number;
  n: number;
};

/**
 * An agency's history in one workspace, straight into PostgreSQL with set-based INSERTs (100,000 posts take seconds):
 * `n` posts from `monthsBack` months before `now` to `monthsAhead` after it, evenly spaced (post i at
 * first + i·stepMs), on 4 channels (each post on channel i mod 4, every third also on the next one). Before `now`
 * they are PUBLISHED with one SUCCEEDED publication and a result per channel (every 25th FAILED on its first
 * channel), after it SCHEDULED (every 10th a DRAFT with a time); every 50th post (i mod 50 = 7) is deleted; every 5th
 * has a library image first. Rows are what the services write; delete the workspace to remove everything.
 */
export async function seedCalendarVolume(
  sql: Pick<pg.Pool, "query">,
  {
    workspaceId,
    prefix,
    n,
    now,
    monthsBack = 48,
    monthsAhead = 12,
  }: { workspaceId: string; prefix: string; n: number; now: Date; monthsBack?: number; monthsAhead?: number },
): Promise<CalendarVolume> {
  const first = new Date(now.getTime() - monthsBack * MONTH_MS);
  const stepMs = Math.floor(((monthsBack + monthsAhead) * MONTH_MS) / n);
  const brands = [
    ["INSTAGRAM", "Brand A", "@brand.a", "#e11d48"],
    ["LINKEDIN", "Brand B", "Brand B Ltd", "#0284c7"],
    ["BLUESKY", "Brand C", "@brandc.bsky.social", "#16a34a"],
    ["SANDBOX", "Brand D", "brand-d", "#9333ea"],
  ] as const;
  const channelIds = brands.map((_, k) => `${prefix}-ch${k}`);
  for (const [k, [platform, displayName, accountName, color]] of brands.entries()) {
    await sql.query(
      `INSERT INTO "Channel" (id, "workspaceId", platform, "displayName", "accountName", "avatarUrl", color, "updatedAt")
       VALUES ($1, $2, $3::"Platform", $4, $5, $6, $7, now())`,
      [channelIds[k], workspaceId, platform, displayName, accountName, `https://avatars.example/${k}.png`, color],
    );
  }
  await sql.query(
    `INSERT INTO "MediaItem" (id, "workspaceId", kind, name, "mimeType", bytes, width, height, "storageKey", "thumbnailKey", sha256, "updatedAt")
     SELECT $1 || '-m' || m, $2, 'IMAGE', 'photo-' || m || '.jpg', 'image/jpeg', 100000, 1080, 1080,
            'bench/' || m, 'bench/' || m || '.thumb', md5(m::text), now()
     FROM generate_series(0, 99) m`,
    [prefix, workspaceId],
  );
  // One statement per table over generate_series; $3 = first instant, $4 = step (ms), $5 = now.
  // Every statement names all six parameters (PostgreSQL must know each one's type): $2 and $5 through `k`.
  const posts = `generate_series(0, $6::int - 1) i,
    LATERAL (SELECT $3::timestamptz + (i * $4::bigint) * interval '1 millisecond' AS at) t,
    LATERAL (SELECT $2::text AS ws, $5::timestamptz AS cutoff) k`;
  const params = [prefix, workspaceId, first, stepMs, now, n];
  await sql.query(
    `INSERT INTO "Post" (id, "workspaceId", content, tags, status, "scheduledAt", timezone, version, "publishCount",
       "lastPublishedAt", "deletedAt", "createdAt", "updatedAt")
     SELECT $1 || '-' || i, $2,
       'Post ' || i || ': ' || repeat('Autumn collection, now in stores. ', 1 + i % 6), ARRAY['brand-' || (i % 4)],
       (CASE WHEN at < $5 THEN (CASE WHEN i % 25 = 0 THEN 'FAILED' ELSE 'PUBLISHED' END)
             WHEN i % 10 = 0 THEN 'DRAFT' ELSE 'SCHEDULED' END)::"PostStatus",
       at, 'Europe/Berlin', 1, CASE WHEN at < $5 THEN 1 ELSE 0 END, CASE WHEN at < $5 THEN at END,
       CASE WHEN i % 50 = 7 THEN at END, at - interval '7 days', at - interval '7 days'
     FROM ${posts}`,
    params,
  );
  await sql.query(
    `INSERT INTO "PostChannel" ("postId", "channelId")
     SELECT $1 || '-' || i, $1 || '-ch' || ((i + d) % 4)
     FROM ${posts}, generate_series(0, 1) d WHERE d = 0 OR i % 3 = 0`,
    params,
  );
  await sql.query(
    `INSERT INTO "PostMedia" ("postId", "mediaId", position, "altText")
     SELECT $1 || '-' || i, $1 || '-m' || (i % 100), 0, 'A shop window in autumn'
     FROM ${posts} WHERE i % 5 = 0`,
    params,
  );
  await sql.query(
    `INSERT INTO "Publication" (id, "workspaceId", "postId", "postVersion", status, "scheduledAt", "startedAt", "finishedAt")
     SELECT $1 || '-pub' || i, $2, $1 || '-' || i, 1,
       (CASE WHEN i % 25 = 0 THEN (CASE WHEN i % 3 = 0 THEN 'PARTIAL' ELSE 'FAILED' END) ELSE 'SUCCEEDED' END)::"PublicationStatus",
       at, at, at + interval '2 seconds'
     FROM ${posts} WHERE at < $5`,
    params,
  );
  await sql.query(
    `INSERT INTO "PublicationResult" (id, "publicationId", "channelId", platform, status, "idempotencyKey", url,
       "errorMessage", "errorKind", attempts, "publishedAt")
     SELECT $1 || '-r' || i || '-' || d, $1 || '-pub' || i, c.id, c.platform,
       (CASE WHEN i % 25 = 0 AND d = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"ResultStatus",
       $1 || '-r' || i || '-' || d,
       CASE WHEN i % 25 = 0 AND d = 0 THEN NULL ELSE 'https://social.example/p/' || i END,
       CASE WHEN i % 25 = 0 AND d = 0 THEN 'The network refused the image' END,
       CASE WHEN i % 25 = 0 AND d = 0 THEN 'permanent' END,
       1, CASE WHEN i % 25 = 0 AND d = 0 THEN NULL ELSE at END
     FROM ${posts}, generate_series(0, 1) d, LATERAL (SELECT id, platform FROM "Channel" WHERE id = $1 || '-ch' || ((i + d) % 4)) c
     WHERE at < $5 AND (d = 0 OR i % 3 = 0)`,
    params,
  );
  await sql.query(`ANALYZE "Post", "PostChannel", "PostMedia", "Publication", "PublicationResult"`);
  return { prefix, channelIds, first, stepMs, n };
}
