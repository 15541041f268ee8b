import { ApiError } from "@/lib/api/errors";

/** True while a worker holds the post's lease: a channel request of it may be on the wire right now. */
export function isInFlight(post: { status: string; leaseUntil: Date | null }, now: Date): boolean {
  return post.status === "PUBLISHING" && post.leaseUntil !== null && post.leaseUntil.getTime() > now.getTime();
}

/**
 * The 409 for a post whose publish request is in flight: says when to try again (the end of the worker's lease,
 * renewed while it still runs). details: { status: "PUBLISHING", retryAfterMs, retryAt (ISO) }.
 */
export function inFlightConflict(post: { id: string; leaseUntil: Date | null }, now: Date, action: string): ApiError {
  const retryAt = new Date(Math.max(now.getTime(), post.leaseUntil?.getTime() ?? now.getTime()));
  const retryAfterMs = retryAt.getTime() - now.getTime();
  return new ApiError(
    "conflict",
    `Post ${post.id} is being sent to a channel right now; ${action} it after ${retryAt.toISOString()} (in ${Math.ceil(retryAfterMs / 1000)} s)`,
    { status: "PUBLISHING", retryAfterMs, retryAt: retryAt.toISOString() },
  );
}
