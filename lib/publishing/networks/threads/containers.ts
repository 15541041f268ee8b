import { setTimeout as sleep } from "node:timers/promises";
import { mapThreadsError } from "@/lib/publishing/networks/threads/map-threads-error";
import { THREADS_API_VERSION } from "@/lib/publishing/networks/threads/settings";
import { threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";
import { PublishError } from "@/lib/publishing/networks/types";

/** A media container's publishing status (https://developers.facebook.com/docs/threads/troubleshooting). */
export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
const STATUSES = new Set<ContainerStatus>(["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"]);

/**
 * The waits between status checks of a container that is IN_PROGRESS, in ms. Meta: "wait on average 30 seconds
 * before publishing" (https://developers.facebook.com/docs/threads/posts) and "query a container's status once per
 * minute, for no more than 5 minutes" (https://developers.facebook.com/docs/threads/troubleshooting). Text and
 * images are usually ready at once, so the first checks come sooner (5, 10, 15 s: the first 30 s), then once a
 * minute; the waits add up to 5 minutes, after which the attempt gives up (transient: the retry polls the same
 * container again, it never makes another).
 */
export const THREADS_POLL_INTERVALS_MS = [5_000, 10_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000];

export type GraphCall = {
  apiUrl: string;
  accessToken: string;
  fetch: typeof globalThis.fetch;
  signal: AbortSignal;
};

/** POST /{threads-user-id}/threads: creates one media container; resolves with its id. Throws ThreadsApiError. */
export async function createContainer(
  call: GraphCall,
  userId: string,
  fields: Record<string, string | undefined>,
): Promise<string> {
  const answer = await threadsRequest<{ id?: unknown }>({
    method: "POST",
    base: call.apiUrl,
    path: `/${THREADS_API_VERSION}/${userId}/threads`,
    params: { ...fields, access_token: call.accessToken },
    fetch: call.fetch,
    signal: call.signal,
  });
  const id = typeof answer.id === "number" ? String(answer.id) : answer.id;
  if (typeof id !== "string" || !/^\d+$/.test(id)) throw new Error("Threads answered without a container id");
  return id;
}

/**
 * GET /{threads-container-id}?fields=status,error_message. Throws PublishError (mapThreadsError) when the status
 * cannot be read.
 */
export async function readContainerStatus(
  call: GraphCall,
  containerId: string,
): Promise<{ status: ContainerStatus; errorMessage: string | null }> {
  let answer: { status?: unknown; error_message?: unknown };
  try {
    answer = await threadsRequest({
      method: "GET",
      base: call.apiUrl,
      path: `/${THREADS_API_VERSION}/${containerId}`,
      params: { fields: "status,error_message", access_token: call.accessToken },
      fetch: call.fetch,
      signal: call.signal,
    });
  } catch (err) {
    throw mapThreadsError(err, `reading the status of container ${containerId}`);
  }
  const status = answer.status as ContainerStatus;
  if (!STATUSES.has(status)) {
    throw new PublishError("transient", `Threads answered an unknown status for container ${containerId}`);
  }
  return { status, errorMessage: typeof answer.error_message === "string" ? answer.error_message : null };
}

/** A container that EXPIRED (not published within 24 hours: never published); a new one must be made. */
export class ContainerExpiredError extends Error {
  constructor(readonly containerId: string) {
    super(`container ${containerId} expired before it was published`);
    this.name = "ContainerExpiredError";
  }
}

/**
 * Waits until container `containerId` is FINISHED (or PUBLISHED), checking at once and then after each of
 * `intervalsMs` (THREADS_POLL_INTERVALS_MS). Resolves with the last status. Throws PublishError "permanent" with
 * Meta's `error_message` on ERROR (FAILED_DOWNLOADING_VIDEO, INVALID_ASPEC_RATIO, …), ContainerExpiredError on
 * EXPIRED, PublishError "transient" when it is still IN_PROGRESS after the last wait.
 */
export async function waitForContainer(
  call: GraphCall,
  containerId: string,
  what: string,
  intervalsMs: readonly number[] = THREADS_POLL_INTERVALS_MS,
): Promise<"FINISHED" | "PUBLISHED"> {
  for (let i = 0; ; i++) {
    const { status, errorMessage } = await readContainerStatus(call, containerId);
    if (status === "FINISHED" || status === "PUBLISHED") return status;
    if (status === "ERROR") {
      throw new PublishError(
        "permanent",
        `Threads could not process ${what} (container ${containerId}): ${errorMessage ?? "ERROR, no reason given"}`,
      );
    }
    if (status === "EXPIRED") throw new ContainerExpiredError(containerId);
    const wait = intervalsMs[i];
    if (wait === undefined) {
      const total = intervalsMs.reduce((a, b) => a + b, 0);
      throw new PublishError(
        "transient",
        `Threads was still processing ${what} (container ${containerId}) after ${Math.round(total / 1000)} s; the ` +
          "retry checks the same container again",
      );
    }
    await sleep(wait, undefined, { signal: call.signal });
  }
}
