import {
  ContainerExpiredError,
  type ContainerStatus,
  readContainerStatus,
} from "@/lib/publishing/networks/instagram/containers";
import { findPublishedMedia, RECENT_MEDIA_LIMIT } from "@/lib/publishing/networks/instagram/find-published-media";
import type { InstagramPostBody } from "@/lib/publishing/networks/instagram/format";
import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { instagramErrorText } from "@/lib/publishing/networks/instagram/map-instagram-error";
import { readReceipt } from "@/lib/publishing/networks/instagram/read-receipt";
import { PublishError, type PublishReceipt } from "@/lib/publishing/networks/types";

/**
 * After a media_publish of `containerId` that may have gone out at `sentAt`, what happened, from the container's
 * status (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container):
 * PUBLISHED → the receipt of the media found among the account's newest (findPublishedMedia; none found →
 * PublishError "unknown_outcome", nothing is sent again); FINISHED or IN_PROGRESS → null (not published: publish it);
 * EXPIRED → ContainerExpiredError (never published; start over); ERROR → PublishError "permanent". A status that
 * cannot be read → "unknown_outcome" (a refused token stays "reconnect").
 */
export async function lookAfterPublish({
  graph,
  igUserId,
  body,
  containerId,
  sentAt,
}: {
  graph: GraphClient;
  igUserId: string;
  body: InstagramPostBody;
  containerId: string;
  sentAt: Date;
}): Promise<PublishReceipt | null> {
  let status: ContainerStatus;
  try {
    status = await readContainerStatus(graph, containerId);
  } catch (err) {
    if (err instanceof PublishError && (err.kind === "reconnect" || err.kind === "permanent")) throw err;
    throw new PublishError(
      "unknown_outcome",
      `could not check whether container ${containerId} was published (${(err as Error).message})`,
    );
  }
  if (status.statusCode === "EXPIRED") throw new ContainerExpiredError(containerId);
  if (status.statusCode === "ERROR") {
    throw new PublishError("permanent", `Instagram could not publish container ${containerId}: ${status.status}`);
  }
  if (status.statusCode !== "PUBLISHED") return null;
  let media: Awaited<ReturnType<typeof findPublishedMedia>>;
  try {
    media = await findPublishedMedia({ graph, igUserId, expected: body, since: sentAt });
  } catch (err) {
    throw new PublishError(
      "unknown_outcome",
      `container ${containerId} is published but its post could not be looked up (${instagramErrorText(err)})`,
    );
  }
  if (!media) {
    throw new PublishError(
      "unknown_outcome",
      `container ${containerId} is published but its post is not among the account's ${RECENT_MEDIA_LIMIT} newest yet`,
    );
  }
  return readReceipt(graph, media.id, media.permalink);
}
