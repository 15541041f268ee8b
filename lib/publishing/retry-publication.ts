import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import { listChannelsNeedingReconnect } from "@/lib/attention/list-channels-needing-reconnect";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { nextStepOf } from "@/lib/posts/publication-outcome";
import { publicationIdempotencyKey } from "@/lib/publishing/publish-post";
import { commitWithPublishJob } from "@/lib/scheduling/commit-with-publish-job";
import type { PostResponse } from "@/lib/schemas/posts";

const log = logger("api:retry");

/** A channel the caller named that cannot be retried, and why (the 422's details). */
export type UnretryableChannel = { channelId: string; displayName: string | null; reason: string };

/**
 * Republishes the failed channels of a post's latest publication, and only those, by reopening that publication:
 * the chosen FAILED (or, with `publishAgainAnyway`, UNCONFIRMED) results go back to PENDING, the publication to
 * RUNNING and the post to SCHEDULED at the same version and time, and that version's job is queued again. The
 * worker's normal path then claims the post, finds the existing publication (same id, so the same idempotency key
 * per channel: a receiver that honours keys drops a repeat of an attempt that did land) and sends only the PENDING
 * results: SUCCEEDED ones are never sent again (lib/publishing/publish-post.ts). Only a permanent refusal (retried
 * once the post was edited: nothing was created) gets a new key, `<publication>.<channel>.<attempts so far>`. publishCount is taken back for a
 * publication that had gone out somewhere; finishing it counts it again.
 *
 * `channelIds`: which channels; default every FAILED channel where retrying can help (nextStepOf: "retry").
 * UNCONFIRMED channels are retried only when named and `publishAgainAnyway` is true (it may double-post): their
 * adapter state (PublicationResult.adapterState: what the adapter checkpointed about the earlier send) is emptied, so
 * the adapter sends again instead of only looking for the earlier send.
 * All in one transaction (compare-and-set on the post's id, version and status); the job is added inside it and a
 * refusal from Redis (or no answer within ENQUEUE_TIMEOUT_MS) rolls everything back: 503, nothing changed.
 * With `review` (approvals on, the caller lacks posts:approve) a post edited since that publication is 409: its new
 * text was never approved, so it must be submitted for approval (scheduled) instead; an unedited one is retried.
 * @throws ApiError not_found (404) — no such post in this workspace;
 *   conflict (409) — nothing can be retried: the post is not settled, its latest publication is not this version's
 *   or has no failed channel where retrying helps, or its channels changed since (details.failing: each channel
 *   and why), or the post changed meanwhile, or (with `review`) it was edited since;
 *   unprocessable (422) — a named channel cannot be retried (details: [{ channelId, displayName, reason }]);
 *   unavailable (503) — the queue refused.
 */
export async function retryPublication({
  db,
  queue,
  workspaceId,
  postId,
  channelIds,
  publishAgainAnyway = false,
  now = new Date(),
  review = null,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  channelIds?: string[];
  publishAgainAnyway?: boolean;
  now?: Date;
  review?: ReviewSubmission | null;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    select: {
      status: true,
      version: true,
      scheduledAt: true,
      updatedAt: true,
      channels: { select: { channelId: true } },
      publications: {
        orderBy: [{ startedAt: "desc" }, { id: "asc" }],
        take: 1,
        include: {
          results: { include: { channel: { select: { displayName: true, active: true, deletedAt: true } } } },
        },
      },
    },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const publication = post.publications[0];
  if (post.status !== "PUBLISHED" && post.status !== "FAILED") {
    throw new ApiError("conflict", `Nothing to retry: the post is ${post.status}`, { status: post.status });
  }
  if (!publication || publication.postVersion !== post.version || !post.scheduledAt) {
    throw new ApiError("conflict", "Nothing to retry: the post changed since its last publication; schedule it again");
  }
  if (publication.status !== "PARTIAL" && publication.status !== "FAILED") {
    throw new ApiError("conflict", `Nothing to retry: its last publication ${publication.status.toLowerCase()}`);
  }
  const onPost = new Set(post.channels.map((c) => c.channelId));
  const inPublication = new Set(publication.results.map((r) => r.channelId));
  if (onPost.size !== inPublication.size || [...onPost].some((id) => !inPublication.has(id))) {
    throw new ApiError(
      "conflict",
      "Nothing to retry: the post's channels changed since its last publication; schedule it again",
    );
  }

  const reconnect = new Set((await listChannelsNeedingReconnect({ db, workspaceId })).map((c) => c.id));
  const editedSince = !!publication.finishedAt && post.updatedAt.getTime() > publication.finishedAt.getTime();
  if (review && editedSince) {
    throw new ApiError(
      "conflict",
      "The post was edited since it was published, and edits need approval: submit it for approval instead of retrying",
      { reason: "needs_approval" },
    );
  }
  const stepOf = (r: (typeof publication.results)[number]) =>
    nextStepOf(
      { ...r, channel: { ...r.channel, needsReconnect: reconnect.has(r.channelId) } },
      { current: true, editedSince },
    );

  let chosen: typeof publication.results;
  if (channelIds) {
    const refused: UnretryableChannel[] = [];
    chosen = [];
    for (const channelId of new Set(channelIds)) {
      const result = publication.results.find((r) => r.channelId === channelId);
      const reason = !result
        ? "not a channel of this post's latest publication"
        : result.status === "SUCCEEDED"
          ? "already published there: it is never sent twice"
          : result.status === "UNCONFIRMED"
            ? publishAgainAnyway
              ? null
              : 'it may already be on the network (unconfirmed): check there first; to send it again anyway, repeat with "publishAgainAnyway": true'
            : result.status !== "FAILED"
              ? `its result is ${result.status.toLowerCase()}`
              : stepOf(result).next === "retry"
                ? null
                : stepOf(result).nextReason;
      if (reason === null && result) chosen.push(result);
      else refused.push({ channelId, displayName: result?.channel.displayName ?? null, reason: reason ?? "" });
    }
    if (refused.length > 0) {
      const names = refused.map((r) => `${r.displayName ?? r.channelId}: ${r.reason}`).join("; ");
      throw new ApiError("unprocessable", `Cannot retry ${names}`, refused);
    }
  } else {
    chosen = publication.results.filter((r) => r.status === "FAILED" && stepOf(r).next === "retry");
  }
  if (chosen.length === 0) {
    const failing = publication.results
      .filter((r) => r.status === "FAILED" || r.status === "UNCONFIRMED")
      .map((r) => ({ channelId: r.channelId, displayName: r.channel.displayName, reason: stepOf(r).nextReason }));
    throw new ApiError("conflict", "Nothing can be retried: no failed channel where retrying helps", { failing });
  }

  const version = post.version;
  const wentOut = publication.results.some((r) => r.status === "SUCCEEDED");
  await commitWithPublishJob({
    db,
    queue,
    job: { postId, workspaceId, version },
    runAt: post.scheduledAt ?? now,
    now,
    refusal: "The publishing queue is unavailable; nothing was retried",
    write: async (tx) => {
      const { count } = await tx.post.updateMany({
        where: { id: postId, workspaceId, version, status: post.status, deletedAt: null },
        data: {
          status: "SCHEDULED",
          leaseUntil: null,
          draftReason: null,
          updatedAt: now,
          ...(wentOut ? { publishCount: { decrement: 1 } } : {}),
        },
      });
      if (count === 0) throw new ApiError("conflict", "Post changed while it was being retried; reload and try again");
      await tx.publication.update({ where: { id: publication.id }, data: { status: "RUNNING", finishedAt: null } });
      const reopened = await tx.publicationResult.updateMany({
        where: { id: { in: chosen.map((r) => r.id) }, status: { in: ["FAILED", "UNCONFIRMED"] } },
        data: { status: "PENDING", errorMessage: null, errorKind: null, inFlightSince: null, responseStatus: null },
      });
      if (reopened.count !== chosen.length) {
        throw new ApiError("conflict", "Results changed while the post was being retried; reload and try again");
      }
      // A network that refused the post for good created nothing, and the post was edited since: the new text
      // goes with a new key, so a receiver that remembers its answer per key does not replay the refusal.
      for (const r of chosen.filter((c) => c.errorKind === "permanent")) {
        await tx.publicationResult.update({
          where: { id: r.id },
          data: { idempotencyKey: `${publicationIdempotencyKey(publication.id, r.channelId)}.${r.attempts}` },
        });
      }
      // "Publish again anyway": what the adapter checkpointed about the earlier send (the send time X, LinkedIn,
      // Facebook and Mastodon look after; Instagram's and Threads' containers) would make it only look for that
      // send again, never sending, and leave the channel UNCONFIRMED again; the person accepted a second post.
      const anyway = chosen.filter((c) => c.status === "UNCONFIRMED").map((c) => c.id);
      if (anyway.length > 0) {
        await tx.publicationResult.updateMany({ where: { id: { in: anyway } }, data: { adapterState: {} } });
      }
    },
  });
  log.info({ postId, version, channels: chosen.map((r) => r.channelId) }, "publication reopened for a retry");
  return getPostOrThrow({ db, workspaceId, postId });
}
