import { logger } from "@/lib/log";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { instagramErrorText } from "@/lib/publishing/networks/instagram/map-instagram-error";
import type { PublishReceipt } from "@/lib/publishing/networks/types";

const log = logger("publish:instagram");

/**
 * The receipt of a published IG media: its id and its `permalink` ("View"), given or read with
 * GET /<media-id>?fields=permalink (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media).
 * Never throws: the post exists whatever happens here, so an unreadable permalink gives `url` null.
 */
export async function readReceipt(graph: GraphClient, mediaId: string, permalink?: string): Promise<PublishReceipt> {
  if (permalink) return { platformPostId: mediaId, url: httpUrlOrNull(permalink), httpStatus: 200 };
  try {
    const media = await graph<{ permalink?: string }>({
      method: "GET",
      path: mediaId,
      params: { fields: "permalink" },
    });
    return { platformPostId: mediaId, url: httpUrlOrNull(media.permalink ?? null), httpStatus: 200 };
  } catch (err) {
    log.warn({ mediaId, err: instagramErrorText(err) }, "the published media's permalink could not be read");
    return { platformPostId: mediaId, url: null, httpStatus: 200 };
  }
}
