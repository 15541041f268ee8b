import { type AppBskyRichtextFacet, RichText } from "@atproto/api";
import { blueskyConfigSchema } from "@/lib/publishing/networks/bluesky/schemas";
import type { PublishableMedia, PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/** What a Bluesky post record will carry, before mentions are resolved and blobs uploaded. */
export type BlueskyDraft = {
  text: string;
  /**
   * Links, hashtags and mentions with UTF-8 byte offsets (app.bsky.richtext.facet,
   * https://docs.bsky.app/docs/advanced-guides/post-richtext), found by `@atproto/api`'s RichText. A mention's `did`
   * is still the handle here: the adapter resolves it (and drops mentions of handles that do not resolve).
   */
  facets: AppBskyRichtextFacet.Main[];
  /** The channel's `langs` (BCP-47), or none. */
  langs: string[] | undefined;
  /** The first link, for a link card (app.bsky.embed.external) when the post has no media. */
  firstLink: string | null;
  /** Library media in order: images (≤ 4, each with alt text) or one video. */
  media: { id: string; kind: string; altText: string }[];
};

/**
 * The post as Bluesky's `app.bsky.feed.post` record will carry it (https://docs.bsky.app/docs/advanced-guides/posts):
 * its text, facets detected by RichText (links, `@handle` mentions, `#hashtags`; UTF-8 byte offsets), the channel's
 * languages, the link a card would show, and the media. Pure: no network, so a preview can show it as it will go out.
 */
export function formatBlueskyPost(
  post: Pick<PublishablePost, "content"> & { media: Pick<PublishableMedia, "id" | "kind" | "altText">[] },
  channel: Pick<PublishTarget, "config">,
): BlueskyDraft {
  const rt = new RichText({ text: post.content });
  rt.detectFacetsWithoutResolution();
  const facets = rt.facets ?? [];
  const config = blueskyConfigSchema.partial().safeParse(channel.config);
  const link = facets.flatMap((f) => f.features).find((f) => f.$type === "app.bsky.richtext.facet#link") as
    | AppBskyRichtextFacet.Link
    | undefined;
  return {
    text: rt.text,
    facets,
    langs: config.success && config.data.langs?.length ? config.data.langs : undefined,
    firstLink: link?.uri ?? null,
    media: post.media.map((m) => ({ id: m.id, kind: m.kind, altText: m.altText ?? "" })),
  };
}
