import Papa from "papaparse";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { spreadsheetSafeText } from "@/lib/imports/spreadsheet-safe-text";
import { searchPostIds } from "@/lib/posts/search-post-ids";
import type { ExportPostsQuery } from "@/lib/schemas/imports";
import { formatInZone } from "@/lib/time/format-in-zone";

/** One exported post: the import's columns first (so a CSV export imports back), then what only an export shows. */
export type ExportedPost = {
  text: string;
  channels: string;
  time: string;
  timezone: string;
  tags: string;
  media_urls: string;
  id: string;
  status: string;
  channel_names: string;
};

/**
 * The workspace's posts that match `query` (the calendar list's filters) as CSV (RFC 4180, papaparse's unparse,
 * header row first) or JSON (`{ posts: ExportedPost[] }`), soonest first. Text cells are spreadsheet-safe
 * (spreadsheetSafeText: a leading = + - @ gets a "'", which the import drops again). `time` is the instant with its offset in
 * the post's zone ("2026-03-29T03:30:00+02:00", formatInZone), so it reads back to the same instant, DST overlaps
 * included; an unscheduled post has an empty time (it would need one to import). `channels` are channel ids and
 * `media_urls` the library items' source URLs (items uploaded from a computer have none), both ";"-separated.
 */
export async function exportPosts({
  db,
  workspaceId,
  query,
}: {
  db: Db;
  workspaceId: string;
  query: ExportPostsQuery;
}): Promise<{ contentType: string; body: string; filename: string }> {
  const where: Prisma.PostWhereInput = { workspaceId, deletedAt: query.deleted ? { not: null } : null };
  // Text, author and outcome filters are the search's (trigram index, latest publication's outcome), as GET
  // /api/posts applies them: the export is the set the list shows, never more.
  if (query.q !== undefined || query.author !== undefined || query.outcome !== undefined) {
    where.id = { in: await searchPostIds({ db, workspaceId, query }) };
  }
  if (query.from || query.to) {
    where.scheduledAt = {
      ...(query.from ? { gte: new Date(query.from) } : {}),
      ...(query.to ? { lt: new Date(query.to) } : {}),
    };
  }
  if (query.status) where.status = { in: query.status };
  if (query.tag) where.tags = { has: query.tag };
  if (query.channel) where.channels = { some: { channelId: query.channel } };
  const posts = await db.post.findMany({
    where,
    select: {
      id: true,
      content: true,
      status: true,
      scheduledAt: true,
      timezone: true,
      tags: true,
      workspace: { select: { timezone: true } },
      channels: { orderBy: { channelId: "asc" }, select: { channel: { select: { id: true, displayName: true } } } },
      media: { orderBy: { position: "asc" }, select: { media: { select: { sourceUrl: true } } } },
    },
    orderBy: [{ scheduledAt: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    take: query.limit,
  });
  const rows: ExportedPost[] = posts.map((post) => {
    const zone = post.timezone ?? post.workspace.timezone;
    return {
      text: post.content,
      channels: post.channels.map((pc) => pc.channel.id).join("; "),
      time: post.scheduledAt ? formatInZone(post.scheduledAt, zone) : "",
      timezone: zone,
      tags: post.tags.join("; "),
      media_urls: post.media.flatMap((pm) => (pm.media.sourceUrl ? [pm.media.sourceUrl] : [])).join(" "),
      id: post.id,
      status: post.status,
      channel_names: post.channels.map((pc) => pc.channel.displayName).join("; "),
    };
  });
  if (query.format === "json") {
    return { contentType: "application/json", body: JSON.stringify({ posts: rows }), filename: "posts.json" };
  }
  const columns: (keyof ExportedPost)[] = [
    "text",
    "channels",
    "time",
    "timezone",
    "tags",
    "media_urls",
    "id",
    "status",
    "channel_names",
  ];
  const body = Papa.unparse({
    fields: columns,
    data: rows.map((r) =>
      columns.map((c) => (c === "text" || c === "channel_names" ? spreadsheetSafeText(r[c]) : r[c])),
    ),
  });
  return { contentType: "text/csv; charset=utf-8", body, filename: "posts.csv" };
}
