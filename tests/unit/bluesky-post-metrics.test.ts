import { describe, expect, it } from "vitest";
import { postMetricsFromGetPosts } from "@/lib/publishing/networks/bluesky/post-metrics";

// The mapping alone, on answers shaped as the lexicon's app.bsky.feed.defs#postView
// (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts) and #profileViewDetailed
// (https://docs.bsky.app/docs/api/app-bsky-actor-get-profile). The real AppView's answers are read end to end in
// tests/integration/bluesky-metrics.test.ts.

const uri = "at://did:plc:abc123/app.bsky.feed.post/3lzy2ji4nms2z";
const view = (counts: Record<string, number>) => ({
  uri,
  cid: "bafyreib2rxk3rh6kzwq",
  author: { did: "did:plc:abc123", handle: "alice.test" },
  record: { $type: "app.bsky.feed.post", text: "hi", createdAt: "2026-11-29T10:00:00.000Z" },
  bookmarkCount: 0,
  indexedAt: "2026-11-29T10:00:01.000Z",
  labels: [],
  ...counts,
});
const profile = (extra: Record<string, number> = {}) => ({ did: "did:plc:abc123", handle: "alice.test", ...extra });

describe("postMetricsFromGetPosts", () => {
  it("maps likes, replies, reposts + quotes", () => {
    const answer = { posts: [view({ likeCount: 1, repostCount: 1, replyCount: 1, quoteCount: 0 })] };
    expect(postMetricsFromGetPosts(answer, uri, profile({ followersCount: 12 }))).toEqual({
      impressions: null,
      reach: null,
      likes: 1,
      comments: 1,
      shares: 1,
      saves: 0,
      clicks: 0,
      followers: 12,
    });
    const more = { posts: [view({ likeCount: 40, repostCount: 7, replyCount: 3, quoteCount: 2 })] };
    expect(postMetricsFromGetPosts(more, uri, profile({ followersCount: 0 }))).toMatchObject({
      likes: 40,
      comments: 3,
      shares: 9,
      followers: 0,
    });
  });

  it("counts an absent counter as 0, an absent followersCount as null, and picks the post by uri", () => {
    const other = { ...view({ likeCount: 99 }), uri: "at://did:plc:abc123/app.bsky.feed.post/other" };
    expect(postMetricsFromGetPosts({ posts: [other, view({ likeCount: 5 })] }, uri, profile())).toMatchObject({
      likes: 5,
      comments: 0,
      shares: 0,
      followers: null,
    });
  });

  it("null when the AppView has no view of it; throws on another shape", () => {
    expect(postMetricsFromGetPosts({ posts: [] }, uri, profile())).toBeNull();
    expect(() => postMetricsFromGetPosts({ feed: [] }, uri, profile())).toThrow();
    expect(() => postMetricsFromGetPosts({ posts: [view({ likeCount: -1 })] }, uri, profile())).toThrow();
    expect(() => postMetricsFromGetPosts({ posts: [view({})] }, uri, profile({ followersCount: -1 }))).toThrow();
    expect(() => postMetricsFromGetPosts({ posts: [view({})] }, uri, { followers: 3 })).toThrow();
  });
});
