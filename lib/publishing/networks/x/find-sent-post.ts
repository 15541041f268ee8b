import type { TwitterApi } from "twitter-api-v2";
import { type XPostBody, xComparableText } from "@/lib/publishing/networks/x/format";

/** How far X's clock may be behind ours when matching created_at against the send time. */
export const X_CLOCK_SKEW_MS = 2 * 60_000;

/** A post as GET /2/users/:id/tweets gives it with tweet.fields=created_at,attachments. */
export type XTimelinePost = {
  id: string;
  text: string;
  created_at?: string;
  attachments?: { media_keys?: string[] };
};

/**
 * True when `post` is the one `expected` describes, sent at or after `since`: created_at no earlier than `since`
 * minus X_CLOCK_SKEW_MS, the same text once X's changes are undone (xComparableText: entities, t.co links,
 * whitespace), and as many media as were sent.
 */
export function isSentPost(post: XTimelinePost, expected: XPostBody, since: Date): boolean {
  const created = Date.parse(post.created_at ?? "");
  if (Number.isNaN(created) || created < since.getTime() - X_CLOCK_SKEW_MS) return false;
  if (xComparableText(post.text ?? "") !== xComparableText(expected.text)) return false;
  return (post.attachments?.media_keys?.length ?? 0) === expected.media.length;
}

/** An instant as X's start_time wants it (RFC 3339 in UTC, whole seconds: YYYY-MM-DDTHH:mm:ssZ). */
function startTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/**
 * Looks for a post an earlier request may have made after its answer was lost (or that X refused as a
 * duplicate): the user's posts created since `since` minus the clock skew, at most 100, replies and reposts
 * excluded (GET /2/users/:id/tweets: https://docs.x.com/x-api/users/get-posts), the oldest match first
 * (isSentPost), skipping the ids in `exclude` (posts other publications already are). Null when none matches.
 * Throws twitter-api-v2's errors.
 */
export async function findSentPost({
  client,
  userId,
  expected,
  since,
  exclude = new Set(),
}: {
  client: TwitterApi;
  userId: string;
  expected: XPostBody;
  since: Date;
  exclude?: ReadonlySet<string>;
}): Promise<XTimelinePost | null> {
  const answer = await client.v2.get<{ data?: XTimelinePost[] }>(`users/${encodeURIComponent(userId)}/tweets`, {
    max_results: 100,
    start_time: startTime(new Date(since.getTime() - X_CLOCK_SKEW_MS)),
    exclude: "replies,retweets",
    "tweet.fields": "created_at,attachments",
  });
  const matches = (answer.data ?? []).filter((p) => !exclude.has(p.id) && isSentPost(p, expected, since));
  return matches.at(-1) ?? null;
}
