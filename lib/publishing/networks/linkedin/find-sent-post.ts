import { callLinkedIn, restliValue } from "@/lib/publishing/networks/linkedin/linkedin-api";

/** How far LinkedIn's clock may be behind ours when matching createdAt against the send time. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** How many of the author's most recent posts are searched. */
export const RECENT_POSTS = 20;

/** A post as the Posts API returns it (the fields matched here). */
export type LinkedInPostRecord = {
  id: string;
  author?: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
  lifecycleState?: string;
  content?: { media?: { id?: string }; multiImage?: { images?: { id?: string }[] }; article?: { source?: string } };
};

const squash = (text: string) => text.replace(/\s+/g, "");

/** The image URNs a post carries, in order (content.media or content.multiImage). */
export function postImageUrns(post: Pick<LinkedInPostRecord, "content">): string[] {
  const content = post.content ?? {};
  if (content.media?.id) return [content.media.id];
  return (content.multiImage?.images ?? []).map((i) => i.id ?? "");
}

/**
 * True when `post` is the one Cadence sent: same author, the same commentary (whitespace ignored), the same image
 * URNs in order when `imageUrns` is given, created no earlier than `since` minus CLOCK_SKEW_MS.
 */
export function isSentPost(
  post: LinkedInPostRecord,
  expected: { author: string; commentary: string; imageUrns: string[] },
  since: Date,
): boolean {
  if (post.author && post.author !== expected.author) return false;
  const created = post.createdAt ?? post.publishedAt;
  if (typeof created !== "number" || created < since.getTime() - CLOCK_SKEW_MS) return false;
  if (squash(post.commentary ?? "") !== squash(expected.commentary)) return false;
  const got = postImageUrns(post);
  return got.length === expected.imageUrns.length && got.every((urn, i) => urn === expected.imageUrns[i]);
}

/**
 * Looks for a post an earlier create request may have made after its answer was lost: the author's RECENT_POSTS most
 * recent posts (GET /rest/posts?author=<urn>&q=author&count=20&sortBy=LAST_MODIFIED:
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api#find-posts-by-authors),
 * the oldest match (isSentPost) first. Null when none matches. Throws LinkedInHttpError or the network's error —
 * e.g. 403 for a member's posts when the app lacks r_member_social, which LinkedIn grants only to approved partners.
 */
export async function findSentPost({
  fetch,
  apiUrl,
  accessToken,
  expected,
  since,
  signal,
  exclude = new Set<string>(),
}: {
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  accessToken: string;
  expected: { author: string; commentary: string; imageUrns: string[] };
  since: Date;
  signal: AbortSignal;
  /** Post URNs other publications on the channel already are (PublishRequest.claimedPostIds): never a match. */
  exclude?: ReadonlySet<string>;
}): Promise<LinkedInPostRecord | null> {
  const answer = await callLinkedIn<{ elements?: LinkedInPostRecord[] }>({
    fetch,
    apiUrl,
    accessToken,
    path: "/rest/posts",
    query: `author=${restliValue(expected.author)}&q=author&count=${RECENT_POSTS}&sortBy=LAST_MODIFIED`,
    signal,
  });
  const matches = (answer.json?.elements ?? []).filter(
    (p) => !exclude.has(String(p.id)) && isSentPost(p, expected, since),
  );
  return matches.at(-1) ?? null;
}
