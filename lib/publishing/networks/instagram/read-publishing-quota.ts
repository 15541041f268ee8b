import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { mapInstagramError } from "@/lib/publishing/networks/instagram/map-instagram-error";

/**
 * The limit the content publishing guide states when the account's answer carries none: "Instagram accounts are
 * limited to 100 API-published posts within a 24-hour moving period" (carousels count as one;
 * https://developers.facebook.com/docs/instagram-platform/content-publishing#rate-limit).
 */
export const DEFAULT_PUBLISHING_QUOTA = { total: 100, durationSec: 86_400 };

import type { PublishingQuota } from "@/lib/publishing/networks/types";

/**
 * GET /<ig-user-id>/content_publishing_limit?fields=quota_usage,config → { data: [{ quota_usage, config: {
 * quota_total, quota_duration } }] } (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit):
 * the account's own figures, DEFAULT_PUBLISHING_QUOTA where the answer lacks them. Throws PublishError
 * (mapInstagramError: a personal account is "account not eligible" here, before anything is made).
 */
export async function readPublishingQuota(graph: GraphClient, igUserId: string): Promise<PublishingQuota> {
  try {
    const got = await graph<{
      data?: { quota_usage?: number; config?: { quota_total?: number; quota_duration?: number } }[];
    }>({ method: "GET", path: `${igUserId}/content_publishing_limit`, params: { fields: "quota_usage,config" } });
    const row = got.data?.[0];
    const count = (v: unknown, fallback: number) =>
      typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback;
    return {
      usage: count(row?.quota_usage, 0),
      total: count(row?.config?.quota_total, DEFAULT_PUBLISHING_QUOTA.total),
      durationSec: count(row?.config?.quota_duration, DEFAULT_PUBLISHING_QUOTA.durationSec),
    };
  } catch (err) {
    throw mapInstagramError(err, "reading the account's publishing limit");
  }
}
