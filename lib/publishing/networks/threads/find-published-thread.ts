import type { GraphCall } from "@/lib/publishing/networks/threads/containers";
import type { ThreadsPostBody } from "@/lib/publishing/networks/threads/format";
import { THREADS_API_VERSION } from "@/lib/publishing/networks/threads/settings";
import { threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";

/** How far Threads' clock may be behind ours when matching a thread's timestamp against the send time. */
export const THREADS_CLOCK_SKEW_MS = 2 * 60_000;

/** The `media_type` a published thread reports for each kind of container (Threads Media object). */
const PUBLISHED_TYPE: Record<ThreadsPostBody["mediaType"], string> = {
  TEXT: "TEXT_POST",
  IMAGE: "IMAGE",
  VIDEO: "VIDEO",
  CAROUSEL: "CAROUSEL_ALBUM",
};

/** Threads timestamps look like "2026-11-29T17:02:03+0000": ISO 8601 without the offset's colon. */
export function parseThreadsTimestamp(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

export type PublishedThread = { id: string; permalink: string | null };

/**
 * Finds the thread a container became, after Threads said the container is PUBLISHED but its media id was lost
 * with the threads_publish answer: the profile's 25 most recent threads (GET /{threads-user-id}/threads?fields=
 * id,permalink,timestamp,text,media_type: https://developers.facebook.com/docs/threads/threads-media), the one
 * with the same media type and text posted at or after `since` (minus THREADS_CLOCK_SKEW_MS; no bound when null),
 * the oldest such first. Null when none matches. Throws ThreadsApiError.
 */
export async function findPublishedThread(
  call: GraphCall,
  { userId, body, since }: { userId: string; body: ThreadsPostBody; since: Date | null },
): Promise<PublishedThread | null> {
  const answer = await threadsRequest<{ data?: unknown }>({
    method: "GET",
    base: call.apiUrl,
    path: `/${THREADS_API_VERSION}/${userId}/threads`,
    params: { fields: "id,permalink,timestamp,text,media_type", limit: "25", access_token: call.accessToken },
    fetch: call.fetch,
    signal: call.signal,
  });
  const rows = Array.isArray(answer.data) ? (answer.data as Record<string, unknown>[]) : [];
  const bound = since ? since.getTime() - THREADS_CLOCK_SKEW_MS : Number.NEGATIVE_INFINITY;
  const squash = (t: unknown) => (typeof t === "string" ? t.replace(/\s+/g, "") : "");
  const matches = rows.filter(
    (r) =>
      typeof r.id === "string" &&
      r.media_type === PUBLISHED_TYPE[body.mediaType] &&
      squash(r.text) === squash(body.text) &&
      parseThreadsTimestamp(r.timestamp) >= bound,
  );
  matches.sort((a, b) => parseThreadsTimestamp(a.timestamp) - parseThreadsTimestamp(b.timestamp));
  const found = matches[0];
  if (!found) return null;
  return { id: found.id as string, permalink: typeof found.permalink === "string" ? found.permalink : null };
}
