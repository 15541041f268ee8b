import { RichText } from "@atproto/api";
import type { BlueskyDraft } from "@/lib/publishing/networks/bluesky/format";

/** One run of a Bluesky post's text as a preview shows it: plain, or a facet with what it points at. */
export type BlueskyPreviewSegment =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; uri: string }
  | { kind: "mention"; text: string; handle: string }
  | { kind: "tag"; text: string; tag: string };

/**
 * The draft's text cut at its facets (formatBlueskyPost: links, `@handle` mentions, `#hashtags`, found by
 * `@atproto/api`'s RichText with UTF-8 byte offsets, https://docs.bsky.app/docs/advanced-guides/post-richtext), in
 * order; joined, the segments' `text` is the draft's text. A mention's handle is as written (the adapter resolves it
 * to a DID when it sends). Pure and browser-safe: the composer's preview uses it.
 */
export function blueskyPreviewSegments(draft: Pick<BlueskyDraft, "text" | "facets">): BlueskyPreviewSegment[] {
  const rt = new RichText({ text: draft.text, facets: draft.facets });
  const segments: BlueskyPreviewSegment[] = [];
  for (const segment of rt.segments()) {
    const { text } = segment;
    if (text === "") continue;
    if (segment.link) segments.push({ kind: "link", text, uri: segment.link.uri });
    else if (segment.mention) segments.push({ kind: "mention", text, handle: segment.mention.did });
    else if (segment.tag) segments.push({ kind: "tag", text, tag: segment.tag.tag });
    else segments.push({ kind: "text", text });
  }
  return segments;
}
