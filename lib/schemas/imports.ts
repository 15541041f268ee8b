import { z } from "zod";
import { listPostsQuery } from "@/lib/schemas/posts";

/** POST /api/posts/import/preview and POST /api/posts/import: the CSV file's text (UTF-8); the request as a whole is capped by API_MAX_BODY_BYTES (413). */
export const importPostsBody = z.strictObject({
  csv: z.string().max(8 * 1024 * 1024),
});

/**
 * GET /api/posts/export: the calendar list's filters (listPostsQuery: from, to, status, tag, channel, deleted) and
 * `format` csv (the import's columns, so an export imports back) or json. `limit` up to 100,000 posts.
 */
export const exportPostsQuery = listPostsQuery.safeExtend({
  format: z.enum(["csv", "json"]).default("csv"),
  limit: z.coerce.number().int().min(1).max(100_000).default(100_000),
});
export type ExportPostsQuery = z.infer<typeof exportPostsQuery>;
