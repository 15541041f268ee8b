import { THREADS_API_VERSION } from "@/lib/publishing/networks/threads/settings";
import { threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";

/** What Threads documents when it says nothing: 250 API-published posts per profile per 24-hour moving period. */
export const THREADS_DEFAULT_QUOTA = { total: 250, durationSec: 86_400 };

/**
 * A profile's publishing quota: `usage` posts published through the API in the last `durationSec` seconds (a
 * moving window) out of `total` (carousels count once).
 */
export type ThreadsPublishingQuota = { usage: number; total: number; durationSec: number };

/**
 * Reads GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config
 * (https://developers.facebook.com/docs/threads/troubleshooting#retrieve-publishing-quota-limit,
 * https://developers.facebook.com/docs/threads/overview#rate-limiting: 250 posts per 24 hours, enforced by
 * threads_publish). A missing `config` counts as the documented 250 per 86,400 s. Throws ThreadsApiError (and
 * the guard's and signal's errors) like threadsRequest; an answer without `quota_usage` throws Error.
 */
export async function readThreadsPublishingQuota({
  apiUrl,
  userId,
  accessToken,
  fetch,
  signal,
}: {
  apiUrl: string;
  userId: string;
  accessToken: string;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<ThreadsPublishingQuota> {
  const answer = await threadsRequest<{ data?: unknown }>({
    method: "GET",
    base: apiUrl,
    path: `/${THREADS_API_VERSION}/${userId}/threads_publishing_limit`,
    params: { fields: "quota_usage,config", access_token: accessToken },
    fetch,
    signal,
  });
  const row = (Array.isArray(answer.data) ? answer.data[0] : undefined) as Record<string, unknown> | undefined;
  const usage = row?.quota_usage;
  if (typeof usage !== "number" || !Number.isFinite(usage)) {
    throw new Error("Threads answered threads_publishing_limit without quota_usage");
  }
  const config = (row?.config ?? {}) as Record<string, unknown>;
  const total = typeof config.quota_total === "number" ? config.quota_total : THREADS_DEFAULT_QUOTA.total;
  const durationSec =
    typeof config.quota_duration === "number" ? config.quota_duration : THREADS_DEFAULT_QUOTA.durationSec;
  return { usage, total, durationSec };
}

/** "12 of 250 posts in the last 24 hours": the quota as the Channels page and the composer can show it. */
export function describeThreadsQuota({ usage, total, durationSec }: ThreadsPublishingQuota): string {
  const hours = Math.round(durationSec / 3600);
  return `${usage} of ${total} posts in the last ${hours === 1 ? "hour" : `${hours} hours`}`;
}
