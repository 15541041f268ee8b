import { graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import type { MetaSettings } from "@/lib/publishing/networks/meta/meta-settings";

/** How far Meta's clock may be behind ours when matching created_time against the send time. */
export const CLOCK_SKEW_MS = 2 * 60_000;

export type FeedPost = { id: string; message?: string; created_time?: string; permalink_url?: string };

const squash = (text: string | undefined) => (text ?? "").replace(/\s+/g, "");

/** Graph's created_time ("2026-11-29T17:30:00+0000") in ms since the epoch, or NaN. */
export function graphTimeMs(value: string | undefined): number {
  if (!value) return Number.NaN;
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

/**
 * Looks for the post an earlier request may have made after its answer was lost: the Page's posts since `since`
 * minus CLOCK_SKEW_MS (GET /{page-id}/feed?fields=id,message,created_time,permalink_url&since=…&limit=25:
 * https://developers.facebook.com/docs/graph-api/reference/page/feed/), matching the same message (whitespace
 * ignored). With a message, the oldest match is it; without one (photos only), it is found only when exactly one
 * post without text appeared since then — otherwise null, so the caller reports an unknown outcome. Throws
 * GraphApiError or the network's error.
 */
export async function findSentPost({
  pageId,
  accessToken,
  message,
  since,
  signal,
  settings,
  fetch,
  exclude = new Set<string>(),
}: {
  pageId: string;
  accessToken: string;
  message: string;
  since: Date;
  signal: AbortSignal;
  settings: MetaSettings;
  fetch?: typeof globalThis.fetch;
  /** Post ids other publications on the Page already are (PublishRequest.claimedPostIds): never a match. */
  exclude?: ReadonlySet<string>;
}): Promise<FeedPost | null> {
  const from = since.getTime() - CLOCK_SKEW_MS;
  const answer = await graphFetch<{ data?: FeedPost[] }>({
    path: `/${pageId}/feed`,
    params: {
      fields: "id,message,created_time,permalink_url",
      since: String(Math.floor(from / 1000)),
      limit: 25,
    },
    accessToken,
    appSecret: settings.appSecret,
    signal,
    graphUrl: settings.graphUrl,
    version: settings.version,
    fetch,
  });
  const recent = (answer.body.data ?? []).filter((p) => {
    const at = graphTimeMs(p.created_time);
    return typeof p.id === "string" && !exclude.has(p.id) && (Number.isNaN(at) || at >= from);
  });
  const matches = recent.filter((p) => squash(p.message) === squash(message));
  if (message.trim() === "" && matches.length !== 1) return null;
  return matches.at(-1) ?? null;
}
