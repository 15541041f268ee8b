import { describe, expect, it } from "vitest";
import { postMetricsFromGetPosts } from "@/lib/publishing/networks/bluesky/post-metrics";

// The launcher's PDS runs without an AppView (TestNetworkNoAppView), so app.bsky.feed.getPosts cannot be called for
// real in the tests: these answers follow the lexicon's app.bsky.feed.defs#postView
// (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts), counters as ../shared/STACK-NOTES.md saw them (1/1/1).

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

describe("postMetricsFromGetPosts", () => {
  it("maps likes, replies, reposts + quotes", () => {
    const answer = { posts: [view({ likeCount: 1, repostCount: 1, replyCount: 1, quoteCount: 0 })] };
    expect(postMetricsFromGetPosts(answer, uri)).toEqual({
      impressions: null,
      reach: null,
      likes: 1,
      comments: 1,
      shares: 1,
      saves: 0,
      clicks: 0,
      followers: null,
    });
    const more = { posts: [view({ likeCount: 40, repostCount: 7, replyCount: 3, quoteCount: 2 })] };
    expect(postMetricsFromGetPosts(more, uri)).toMatchObject({ likes: 40, comments: 3, shares: 9 });
  });

  it("counts an absent counter as 0 and picks the post by uri", () => {
    const other = { ...view({ likeCount: 99 }), uri: "at://did:plc:abc123/app.bsky.feed.post/other" };
    expect(postMetricsFromGetPosts({ posts: [other, view({ likeCount: 5 })] }, uri)).toMatchObject({
      likes: 5,
      comments: 0,
      shares: 0,
    });
  });

  it("null when the AppView has no view of it; throws on another shape", () => {
    expect(postMetricsFromGetPosts({ posts: [] }, uri)).toBeNull();
    expect(() => postMetricsFromGetPosts({ feed: [] }, uri)).toThrow();
    expect(() => postMetricsFromGetPosts({ posts: [view({ likeCount: -1 })] }, uri)).toThrow();
  });
});
