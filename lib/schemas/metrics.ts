import { z } from "zod";
import { instantSchema } from "@/lib/schemas/instant";

/** Most snapshots one POST /api/metrics may carry (README "Engagement metrics"). */
export const MAX_SNAPSHOT_BATCH = 1000;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One snapshot as a caller sends it. Workspace, post, platform and publish time come from our own records. */
export const snapshotInput = z.strictObject({
  publicationId: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  /** ISO 8601 instant with offset. */
  collectedAt: instantSchema.transform((v) => new Date(v)),
  impressions: count.nullable().default(null),
  /** Unique accounts reached; omit or null when the platform does not report it. */
  reach: count.nullable().default(null),
  likes: count.default(0),
  comments: count.default(0),
  shares: count.default(0),
  saves: count.default(0),
  clicks: count.default(0),
  followers: count.nullable().default(null),
});
export type SnapshotInput = z.infer<typeof snapshotInput>;

/** POST /api/metrics */
export const ingestMetricsBody = z.strictObject({
  snapshots: z
    .array(snapshotInput)
    .min(1)
    .max(MAX_SNAPSHOT_BATCH, `at most ${MAX_SNAPSHOT_BATCH} snapshots per request: split the batch`),
});

export const ingestMetricsResponseSchema = z.object({
  /** New snapshots stored. */
  inserted: z.number().int(),
  /** Snapshots already stored under the same (publicationId, channelId, collectedAt) whose numbers changed. */
  updated: z.number().int(),
  /** Snapshots already stored with the same numbers (a repeated request). */
  unchanged: z.number().int(),
});
export type IngestMetricsResponse = z.infer<typeof ingestMetricsResponseSchema>;

/** GET /api/posts/:id/metrics: the latest reading of each channel the post went out on (none yet: empty). */
export const postMetricsResponseSchema = z.object({
  postId: z.string(),
  channels: z.array(
    z.object({
      channelId: z.string(),
      platform: z.string(),
      publicationId: z.string(),
      /** When this reading was taken (ISO 8601, UTC): the figures are "as of" this instant. */
      collectedAt: z.string(),
      /** The reading's numbers as the platform names them (lib/metrics/metric-figures.ts), in display order. */
      figures: z.array(z.object({ metric: z.string(), label: z.string(), value: z.number().int() })),
      /** Channel followers when read; null when unknown. */
      followers: z.number().int().nullable(),
    }),
  ),
});
export type PostMetricsResponse = z.infer<typeof postMetricsResponseSchema>;
