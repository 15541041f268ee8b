import extractEntitiesWithIndices from "twitter-text/dist/extractEntitiesWithIndices";
import parseTweet from "twitter-text/dist/parseTweet";
import {
  cutPreviewSegments,
  type PreviewMark,
  type PreviewSegment,
} from "@/components/composer/channel-preview-segments";
import { formatXPost, type XPostBody } from "@/lib/publishing/networks/x/format";

/** Most weighted characters of one post, and what every link weighs (twitter-text 3.1 config v3). */
export const X_MAX_WEIGHTED = 280;
export const X_LINK_WEIGHT = 23;

/** What one X channel's preview shows: the adapter's body (formatXPost) measured and marked as X will. */
export type XPreview = {
  /** The text as X keeps it: as written, in Unicode NFC (X normalizes before counting and storing). */
  text: string;
  /** Links, @mentions, #hashtags and $cashtags X links itself; `over` from the first character past 280. */
  segments: PreviewSegment[];
  weightedLength: number;
  /** Each link as written: X sends it as a t.co address and counts it X_LINK_WEIGHT, however long it is. */
  links: string[];
  /** "images" (1–4), "gif" (one, alone), "video" (one, alone), "mixed" (X refuses it), "none". */
  shape: "none" | "images" | "gif" | "video" | "mixed";
  media: XPostBody["media"];
};

/**
 * The preview of `post` on an X channel: formatXPost (the adapter's own body), measured with twitter-text's
 * parseTweet (weighted length; validRangeEnd, where the 280 weighted characters end) and marked with its
 * extractEntitiesWithIndices (links with or without a scheme, mentions, hashtags, cashtags). Sources:
 * https://docs.x.com/fundamentals/counting-characters (NFC, weights, every URL 23 via t.co) and
 * https://docs.x.com/x-api/media/quickstart/best-practices (up to 4 images, or 1 GIF, or 1 video). Pure.
 */
export function previewXPost(post: Parameters<typeof formatXPost>[0]): XPreview {
  const body = formatXPost(post);
  const text = body.text.normalize("NFC");
  const parsed = parseTweet(text);
  const overFrom = parsed.weightedLength > X_MAX_WEIGHTED ? parsed.validRangeEnd + 1 : null;
  const links: string[] = [];
  const marks: PreviewMark[] = extractEntitiesWithIndices(text, { extractUrlsWithoutProtocol: true }).map((e) => {
    const [start, end] = e.indices;
    if ("url" in e) {
      links.push(e.url);
      return { start, end, kind: "link" };
    }
    return { start, end, kind: "screenName" in e ? "mention" : "tag" };
  });
  return {
    text,
    segments: cutPreviewSegments(text, marks, overFrom),
    weightedLength: parsed.weightedLength,
    links,
    shape: shapeOf(body.media),
    media: body.media,
  };
}

function shapeOf(media: XPostBody["media"]): XPreview["shape"] {
  if (media.length === 0) return "none";
  if (media.every((m) => m.kind === "IMAGE")) return "images";
  if (media.length > 1) return "mixed";
  return media[0]?.kind === "GIF" ? "gif" : "video";
}
