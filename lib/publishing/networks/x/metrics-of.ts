import type { TwitterApi } from "twitter-api-v2";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { type PostMetrics, PublishError } from "@/lib/publishing/networks/types";
import { mapXError, xHttpStatus } from "@/lib/publishing/networks/x/map-x-error";

type Counts = Record<string, number | undefined>;
type PostAnswer = {
  data?: { id: string; public_metrics?: Counts; non_public_metrics?: Counts; organic_metrics?: Counts };
  errors?: unknown[];
};

const count = (...values: (number | undefined)[]) => values.find((v) => typeof v === "number" && v >= 0);

/**
 * One post's numbers from X (https://docs.x.com/x-api/fundamentals/metrics): GET /2/tweets/:id with
 * tweet.fields=public_metrics,non_public_metrics,organic_metrics (the private ones exist only for the author's
 * own posts of the last 30 days: when X refuses them — 400/403, or answers without them — public_metrics alone),
 * and the author's followers_count from GET /2/users/me?user.fields=public_metrics.
 * impressions: non-public (else organic, else public) impression_count; likes: like_count; comments: reply_count;
 * shares: retweet_count + quote_count; saves: bookmark_count; clicks: url_link_clicks (0 when not reported);
 * reach: null (X does not report it). Throws PublishError (mapXError).
 */
export async function xMetricsOf({ client, postId }: { client: TwitterApi; postId: string }): Promise<PostMetrics> {
  const read = (fields: string) =>
    client.v2.get<PostAnswer>(`tweets/${encodeURIComponent(postId)}`, { "tweet.fields": fields });
  let answer: PostAnswer;
  try {
    try {
      answer = await read("public_metrics,non_public_metrics,organic_metrics");
    } catch (err) {
      const status = xHttpStatus(err);
      if (status !== 400 && status !== 403) throw err;
      answer = await read("public_metrics");
    }
    if (!answer.data?.public_metrics) answer = await read("public_metrics");
  } catch (err) {
    throw mapXError(err, "reading the post's metrics on X");
  }
  if (!answer.data) {
    // X answers 200 with a problem in `errors` for a post it does not have (deleted, or not visible).
    const problem = (answer.errors?.[0] ?? {}) as { detail?: unknown; title?: unknown };
    const said = typeof problem.detail === "string" ? problem.detail : "no such post";
    throw new PublishError("permanent", `reading the post's metrics on X: ${sanitiseExcerpt(said, { max: 300 })}`);
  }
  let followers: number | null = null;
  try {
    const me = await client.v2.me({ "user.fields": ["public_metrics"] });
    followers = count(me.data.public_metrics?.followers_count) ?? null;
  } catch (err) {
    throw mapXError(err, "reading the account's followers on X");
  }
  const pub = answer.data?.public_metrics ?? {};
  const priv = answer.data?.non_public_metrics ?? {};
  const organic = answer.data?.organic_metrics ?? {};
  return {
    impressions: count(priv.impression_count, organic.impression_count, pub.impression_count) ?? null,
    reach: null,
    likes: count(pub.like_count) ?? 0,
    comments: count(pub.reply_count) ?? 0,
    shares: (count(pub.retweet_count) ?? 0) + (count(pub.quote_count) ?? 0),
    saves: count(pub.bookmark_count) ?? 0,
    clicks: count(priv.url_link_clicks, organic.url_link_clicks) ?? 0,
    followers,
  };
}
