import type { GraphCall } from "@/lib/publishing/networks/threads/containers";
import { mapThreadsError } from "@/lib/publishing/networks/threads/map-threads-error";
import { THREADS_API_VERSION } from "@/lib/publishing/networks/threads/settings";
import { threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";
import type { PostMetrics } from "@/lib/publishing/networks/types";

/** The media insights Cadence reads (https://developers.facebook.com/docs/threads/insights#media-insights). */
export const THREADS_MEDIA_METRICS = ["views", "likes", "replies", "reposts", "quotes", "shares"] as const;

/** One insights row's figure: `total_value.value` (user insights) or the first `values[].value` (media insights). */
function figure(row: Record<string, unknown>): number | null {
  const total = (row.total_value as { value?: unknown } | undefined)?.value;
  if (typeof total === "number" && Number.isFinite(total)) return total;
  const values = Array.isArray(row.values) ? (row.values as { value?: unknown }[]) : [];
  const value = values[0]?.value;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Insights rows by metric name. */
export function readInsights(answer: { data?: unknown }): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of Array.isArray(answer.data) ? (answer.data as Record<string, unknown>[]) : []) {
    const n = figure(row);
    if (typeof row.name === "string" && n !== null) out.set(row.name, n);
  }
  return out;
}

/**
 * A thread's counters now: GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes,shares →
 * impressions = views, likes, comments = replies, shares = reposts + quotes + shares (each way the post was passed
 * on); reach, saves and clicks are not reported per thread (null / 0). Followers: GET /{threads-user-id}/
 * threads_insights?metric=followers_count (https://developers.facebook.com/docs/threads/insights#user-insights),
 * null when that read fails (the post's own figures still count). Throws PublishError (mapThreadsError) when the
 * media insights cannot be read.
 */
export async function threadsMetrics(call: GraphCall, userId: string, mediaId: string): Promise<PostMetrics> {
  let media: Map<string, number>;
  try {
    media = readInsights(
      await threadsRequest({
        method: "GET",
        base: call.apiUrl,
        path: `/${THREADS_API_VERSION}/${mediaId}/insights`,
        params: { metric: THREADS_MEDIA_METRICS.join(","), access_token: call.accessToken },
        fetch: call.fetch,
        signal: call.signal,
      }),
    );
  } catch (err) {
    throw mapThreadsError(err, "reading the thread's insights");
  }
  let followers: number | null = null;
  try {
    const user = readInsights(
      await threadsRequest({
        method: "GET",
        base: call.apiUrl,
        path: `/${THREADS_API_VERSION}/${userId}/threads_insights`,
        params: { metric: "followers_count", access_token: call.accessToken },
        fetch: call.fetch,
        signal: call.signal,
      }),
    );
    followers = user.get("followers_count") ?? null;
  } catch {
    followers = null;
  }
  const n = (name: string) => media.get(name) ?? 0;
  return {
    impressions: media.has("views") ? n("views") : null,
    reach: null,
    likes: n("likes"),
    comments: n("replies"),
    shares: n("reposts") + n("quotes") + n("shares"),
    saves: 0,
    clicks: 0,
    followers,
  };
}
