import { isOrganization } from "@/lib/publishing/networks/linkedin/config";
import { callLinkedIn, restliValue } from "@/lib/publishing/networks/linkedin/linkedin-api";
import type { PostMetrics } from "@/lib/publishing/networks/types";

type ShareStatistics = {
  impressionCount?: number;
  uniqueImpressionsCount?: number;
  clickCount?: number;
  likeCount?: number;
  commentCount?: number;
  shareCount?: number;
};

type SocialActions = {
  likesSummary?: { totalLikes?: number; aggregatedTotalLikes?: number };
  commentsSummary?: { totalFirstLevelComments?: number; aggregatedTotalComments?: number };
};

const count = (n: unknown) => (typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0);
const countOrNull = (n: unknown) => (typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : null);

/**
 * A LinkedIn post's numbers now. Throws LinkedInHttpError or the network's error.
 * - Organisation posts: GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=
 *   <org>&shares=List(<urn:li:share:…>) (ugcPosts=List(…) for urn:li:ugcPost:…), the element's
 *   totalShareStatistics: impressionCount → impressions, uniqueImpressionsCount → reach, clickCount → clicks,
 *   likeCount, commentCount, shareCount
 *   (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics).
 * - Member posts: LinkedIn reports no impressions to apps, only the social actions: GET /rest/socialActions/<urn> →
 *   likesSummary.totalLikes, commentsSummary.aggregatedTotalComments
 *   (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/network-update-social-actions);
 *   impressions and reach are null, shares and clicks 0 (not reported).
 * Saves are not reported by LinkedIn (0); followers are not read here (null).
 */
export async function readLinkedInMetrics({
  fetch,
  apiUrl,
  accessToken,
  authorUrn,
  postUrn,
  signal,
}: {
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  accessToken: string;
  authorUrn: string;
  postUrn: string;
  signal: AbortSignal;
}): Promise<PostMetrics> {
  if (isOrganization(authorUrn)) {
    const param = postUrn.startsWith("urn:li:ugcPost:") ? "ugcPosts" : "shares";
    const answer = await callLinkedIn<{ elements?: { totalShareStatistics?: ShareStatistics }[] }>({
      fetch,
      apiUrl,
      accessToken,
      path: "/rest/organizationalEntityShareStatistics",
      query: `q=organizationalEntity&organizationalEntity=${restliValue(authorUrn)}&${param}=List(${restliValue(postUrn)})`,
      signal,
    });
    const stats = answer.json?.elements?.[0]?.totalShareStatistics;
    return {
      impressions: stats ? countOrNull(stats.impressionCount) : null,
      reach: stats ? countOrNull(stats.uniqueImpressionsCount) : null,
      likes: count(stats?.likeCount),
      comments: count(stats?.commentCount),
      shares: count(stats?.shareCount),
      saves: 0,
      clicks: count(stats?.clickCount),
      followers: null,
    };
  }
  const answer = await callLinkedIn<SocialActions>({
    fetch,
    apiUrl,
    accessToken,
    path: `/rest/socialActions/${restliValue(postUrn)}`,
    signal,
  });
  const actions = answer.json ?? {};
  return {
    impressions: null,
    reach: null,
    likes: count(actions.likesSummary?.totalLikes ?? actions.likesSummary?.aggregatedTotalLikes),
    comments: count(
      actions.commentsSummary?.aggregatedTotalComments ?? actions.commentsSummary?.totalFirstLevelComments,
    ),
    shares: 0,
    saves: 0,
    clicks: 0,
    followers: null,
  };
}
