import { setTimeout as sleep } from "node:timers/promises";
import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { mapInstagramError } from "@/lib/publishing/networks/instagram/map-instagram-error";
import { PublishError } from "@/lib/publishing/networks/types";

// CONTAINER: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container

/** A container's `status_code` (CONTAINER). */
export type ContainerStatusCode = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
export type ContainerStatus = { statusCode: ContainerStatusCode | string; status: string | null };

/**
 * The documented advice for polling a container: "query a container's status once per minute, for no more than 5
 * minutes" (https://developers.facebook.com/docs/instagram-platform/content-publishing, Troubleshooting).
 */
export const CONTAINER_POLL_INTERVAL_MS = 60_000;
export const CONTAINER_MAX_WAIT_MS = 5 * 60_000;

/** GET /<container-id>?fields=status_code,status (CONTAINER). Throws PublishError (mapInstagramError). */
export async function readContainerStatus(graph: GraphClient, containerId: string): Promise<ContainerStatus> {
  try {
    const got = await graph<{ status_code?: string; status?: string }>({
      method: "GET",
      path: containerId,
      params: { fields: "status_code,status" },
    });
    return { statusCode: got.status_code ?? "IN_PROGRESS", status: got.status ?? null };
  } catch (err) {
    throw mapInstagramError(err, `reading the status of container ${containerId}`);
  }
}

/**
 * POST /<ig-user-id>/media with `params` (image_url + alt_text, video_url + media_type, is_carousel_item, children,
 * caption…: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media)
 * → the new container's id. Throws PublishError (mapInstagramError; a lost answer is transient: an unpublished container
 * is harmless and expires after 24 hours).
 */
export async function createContainer(
  graph: GraphClient,
  igUserId: string,
  params: Record<string, string | boolean | undefined>,
  what: string,
): Promise<string> {
  try {
    const made = await graph<{ id?: string }>({ method: "POST", path: `${igUserId}/media`, params });
    if (typeof made.id !== "string") throw new PublishError("transient", `${what}: Instagram answered without an id`);
    return made.id;
  } catch (err) {
    throw mapInstagramError(err, what);
  }
}

/** Thrown by waitForContainer when a container expired (24 hours after creation): the caller makes new ones. */
export class ContainerExpiredError extends Error {
  constructor(readonly containerId: string) {
    super(`container ${containerId} expired`);
    this.name = "ContainerExpiredError";
  }
}

/**
 * Polls a container until it is FINISHED (or PUBLISHED): first at once, then every `intervalMs` for at most
 * `maxWaitMs` (CONTAINER_POLL_INTERVAL_MS / CONTAINER_MAX_WAIT_MS, smaller in tests). Resolves with the final status.
 * Throws ContainerExpiredError on EXPIRED; PublishError "permanent" on ERROR with Instagram's `status` text (why it
 * refused the media); "transient" when it is still IN_PROGRESS at the deadline (the retry polls the same container).
 */
export async function waitForContainer({
  graph,
  containerId,
  what,
  signal,
  intervalMs = CONTAINER_POLL_INTERVAL_MS,
  maxWaitMs = CONTAINER_MAX_WAIT_MS,
}: {
  graph: GraphClient;
  containerId: string;
  what: string;
  signal: AbortSignal;
  intervalMs?: number;
  maxWaitMs?: number;
}): Promise<ContainerStatus> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const status = await readContainerStatus(graph, containerId);
    if (status.statusCode === "FINISHED" || status.statusCode === "PUBLISHED") return status;
    if (status.statusCode === "EXPIRED") throw new ContainerExpiredError(containerId);
    if (status.statusCode === "ERROR") {
      throw new PublishError("permanent", `Instagram could not process ${what}: ${status.status ?? "ERROR"}`);
    }
    if (Date.now() + intervalMs > deadline) {
      throw new PublishError(
        "transient",
        `Instagram was still processing ${what} after ${Math.round(maxWaitMs / 1000)} s (container ${containerId})`,
      );
    }
    await sleep(intervalMs, undefined, { signal });
  }
}
