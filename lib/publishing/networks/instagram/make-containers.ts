import { createContainer, waitForContainer } from "@/lib/publishing/networks/instagram/containers";
import type { InstagramPostBody } from "@/lib/publishing/networks/instagram/format";
import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";

/** A carousel child container made for one library item. */
export type ChildContainer = { itemId: string; containerId: string };

/**
 * Makes the container(s) of `body` on the account and resolves with the id of the one to publish
 * (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media):
 * - IMAGE: image_url, alt_text, caption; REELS: media_type=REELS, video_url, caption, share_to_feed=true;
 * - CAROUSEL: one child per item (image_url + alt_text, or media_type=VIDEO + video_url; is_carousel_item=true),
 *   `kept` children of an earlier attempt reused where they name the same item at the same place; each child polled
 *   until FINISHED (waitForContainer), then media_type=CAROUSEL with `children` (ids in order) and the caption.
 * `checkpoint` receives each id as soon as it exists, before the next step: `igChildren` (all children so far) and
 * `igContainer`. `urlOf(index)` gives the public URL Instagram fetches for item `index`. Throws PublishError
 * (createContainer, waitForContainer, urlOf) or ContainerExpiredError (a kept child expired).
 */
export async function makeContainers({
  graph,
  igUserId,
  body,
  kept,
  urlOf,
  checkpoint,
  signal,
  pollIntervalMs,
  maxWaitMs,
}: {
  graph: GraphClient;
  igUserId: string;
  body: InstagramPostBody;
  kept: ChildContainer[];
  urlOf: (index: number) => Promise<string>;
  checkpoint: (patch: { igChildren?: ChildContainer[]; igContainer?: string }) => Promise<void>;
  signal: AbortSignal;
  pollIntervalMs?: number;
  maxWaitMs?: number;
}): Promise<string> {
  const caption = body.caption || undefined;
  if (body.kind !== "CAROUSEL") {
    const item = body.items[0];
    const url = await urlOf(0);
    const params =
      body.kind === "REELS"
        ? { media_type: "REELS", video_url: url, caption, share_to_feed: true }
        : { image_url: url, alt_text: item?.altText ?? undefined, caption };
    const id = await createContainer(graph, igUserId, params, `creating the container of media 1 (${item?.name})`);
    await checkpoint({ igContainer: id });
    return id;
  }
  const children: ChildContainer[] = [];
  for (const [index, item] of body.items.entries()) {
    const prior = kept[index];
    if (prior && prior.itemId === item.mediaId && typeof prior.containerId === "string") {
      children.push(prior);
      continue;
    }
    const url = await urlOf(index);
    const params =
      item.type === "VIDEO"
        ? { media_type: "VIDEO", video_url: url, is_carousel_item: true }
        : { image_url: url, alt_text: item.altText ?? undefined, is_carousel_item: true };
    const what = `creating the container of media ${index + 1} (${item.name})`;
    children.push({ itemId: item.mediaId, containerId: await createContainer(graph, igUserId, params, what) });
    await checkpoint({ igChildren: [...children] });
  }
  for (const [index, child] of children.entries()) {
    await waitForContainer({
      graph,
      containerId: child.containerId,
      what: `media ${index + 1} (${body.items[index]?.name})`,
      signal,
      intervalMs: pollIntervalMs,
      maxWaitMs,
    });
  }
  const params = { media_type: "CAROUSEL", children: children.map((c) => c.containerId).join(","), caption };
  const id = await createContainer(graph, igUserId, params, "creating the carousel container");
  await checkpoint({ igContainer: id });
  return id;
}
