import extractUrlsWithIndices from "twitter-text/dist/extractUrlsWithIndices";
import {
  cutPreviewSegments,
  type PreviewMark,
  type PreviewSegment,
} from "@/components/composer/channel-preview-segments";
import { formatThreadsPost, type ThreadsPostBody } from "@/lib/publishing/networks/threads/format";
import { graphemes } from "@/lib/publishing/rules/text-measures";
import { threadsLength } from "@/lib/publishing/rules/threads";

/** Threads' limits (lib/publishing/rules/threads.ts, which cites them): 500 characters, 5 distinct links. */
export const THREADS_MAX_LENGTH = 500;
export const THREADS_MAX_LINKS = 5;

/** What one Threads channel's preview shows: the adapter's body (formatThreadsPost) with its limits marked. */
export type ThreadsPreview = {
  mediaType: ThreadsPostBody["mediaType"];
  /** The text sent ("" when a media post has none). */
  text: string;
  /** Links marked (`over` for every link past the 5th distinct one); `over` from the first character past 500. */
  segments: PreviewSegment[];
  /** Threads' count of the text (threadsLength: emoji count their UTF-8 bytes). */
  length: number;
  /** UTF-16 index of the first character past 500 (Threads refuses the post), or null. */
  overFrom: number | null;
  /** The distinct links in order, as written; those past the 5th make Threads refuse the post. */
  links: { url: string; over: boolean }[];
  /** A text post's first link, which Threads shows as its link preview; null with media or without a link. */
  linkPreview: string | null;
  items: ThreadsPostBody["items"];
};

/** UTF-16 index where `text` passes `max` by Threads' count (grapheme by grapheme, as threadsLength), or null. */
function overIndex(text: string, max: number): number | null {
  let length = 0;
  let at = 0;
  for (const grapheme of graphemes(text)) {
    length += threadsLength(grapheme);
    if (length > max) return at;
    at += grapheme.length;
  }
  return null;
}

/**
 * The preview of `post` on a Threads channel: formatThreadsPost (TEXT, IMAGE, VIDEO or CAROUSEL; the items with
 * their alt text), the text measured by threadsLength with where it passes 500 characters, and its links found as
 * threadsLinkCount finds them (twitter-text's extractor, with or without a scheme, distinct case-insensitively), the
 * 6th distinct one on marked: Threads refuses more than 5 (https://developers.facebook.com/docs/threads/posts,
 * Limitations; .../create-posts/text-attachments). Nothing is cut: Cadence refuses such a post before scheduling.
 * A text post's first link becomes its link preview (https://developers.facebook.com/docs/threads/posts). Pure.
 */
export function previewThreadsPost(post: Parameters<typeof formatThreadsPost>[0]): ThreadsPreview {
  const body = formatThreadsPost(post);
  const text = body.text ?? "";
  const overFrom = overIndex(text, THREADS_MAX_LENGTH);
  const seen: string[] = [];
  const links: ThreadsPreview["links"] = [];
  const marks: PreviewMark[] = extractUrlsWithIndices(text).map(({ url, indices: [start, end] }) => {
    const key = url.toLowerCase();
    if (!seen.includes(key)) {
      seen.push(key);
      links.push({ url, over: seen.length > THREADS_MAX_LINKS });
    }
    return { start, end, kind: "link", over: seen.indexOf(key) >= THREADS_MAX_LINKS };
  });
  return {
    mediaType: body.mediaType,
    text,
    segments: cutPreviewSegments(text, marks, overFrom),
    length: threadsLength(text),
    overFrom,
    links,
    linkPreview: body.mediaType === "TEXT" ? (links[0]?.url ?? null) : null,
    items: body.items,
  };
}
