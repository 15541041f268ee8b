import { cutPreviewSegments, type PreviewSegment } from "@/components/composer/channel-preview-segments";
import { type FacebookPostBody, formatFacebookPost } from "@/lib/publishing/networks/facebook/format";
import type { PublishableMedia } from "@/lib/publishing/networks/types";

/** What one Facebook Page channel's preview shows: the adapter's body (formatFacebookPost). */
export type FacebookPreview = {
  /** The message as sent (trimmed), with the link Facebook previews marked. */
  message: string;
  segments: PreviewSegment[];
  /** The link Facebook shows as a link preview (the first one, only without media), else null. */
  link: string | null;
  photos: FacebookPostBody["photos"];
  /** Why the adapter will refuse the post (a video: it posts photos only), else null. */
  refusal: string | null;
};

/**
 * The preview of `post` on a Facebook Page: formatFacebookPost's message, its `link` (the first http(s) address,
 * sent only without media; Facebook turns it into a link preview: https://developers.facebook.com/docs/pages-api/posts)
 * and its photos in order with their alt text; a video is refused by the adapter (photos only, facebook/adapter.ts).
 */
export function previewFacebookPost(post: {
  content: string;
  media: Pick<PublishableMedia, "id" | "name" | "kind" | "altText">[];
}): FacebookPreview {
  const body = formatFacebookPost(post);
  const at = body.link ? body.message.indexOf(body.link) : -1;
  const marks = body.link && at >= 0 ? [{ start: at, end: at + body.link.length, kind: "link" as const }] : [];
  return {
    message: body.message,
    segments: cutPreviewSegments(body.message, marks),
    link: body.link,
    photos: body.photos,
    refusal: post.media.some((m) => m.kind === "VIDEO")
      ? "Cadence does not post videos to Facebook Pages yet: the post would fail there"
      : null,
  };
}
