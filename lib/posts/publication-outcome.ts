import type { Platform, PostStatus, PublicationStatus, ResultStatus } from "@/lib/generated/prisma/enums";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";

/**
 * What the latest publication of a post came to, across its channels:
 * - "published": every channel succeeded;
 * - "partly_published": at least one channel succeeded and at least one FAILED or is UNCONFIRMED;
 * - "failed": no channel succeeded and at least one FAILED;
 * - "unconfirmed": no channel succeeded, none FAILED, at least one UNCONFIRMED (it may have gone out).
 */
export type OutcomeState = "published" | "partly_published" | "failed" | "unconfirmed";

/**
 * What can be done about one failing channel:
 * - "retry": FAILED for a transient or unknown cause (or a channel problem since fixed): POST /api/posts/:id/retry;
 * - "check_network": UNCONFIRMED, it may be out: a person checks, then resolves it (mark as published) or
 *   publishes again anyway with explicit confirmation (a retry could double-post);
 * - "edit_post": the network refused this post for good (permanent): sending it again cannot help;
 * - "fix_channel": the channel is disabled, deleted or needs reconnecting: fix it first, then retry;
 * - "none": the post has moved on since (rescheduled, edited, cancelled): this publication is history.
 */
export type NextStep = "retry" | "check_network" | "edit_post" | "fix_channel" | "none";

export type FailingChannel = {
  /** The channel's id. */
  id: string;
  /** The PublicationResult's id (for POST /api/posts/:id/results/:resultId/resolve). */
  resultId: string;
  displayName: string;
  platform: Platform;
  status: "FAILED" | "UNCONFIRMED";
  errorMessage: string | null;
  /** PublicationResult.errorKind: transient, permanent, unknown_outcome, channel, confirmed_missing; or null. */
  errorKind: string | null;
  next: NextStep;
  /** One sentence saying why `next`, for people. */
  nextReason: string;
};

export type SucceededChannel = {
  id: string;
  resultId: string;
  displayName: string;
  platform: Platform;
  /** The post on its network (http(s) only), or null when the network gave no link. */
  url: string | null;
};

export type PublicationOutcome = {
  state: OutcomeState;
  publicationId: string;
  postVersion: number;
  failing: FailingChannel[];
  succeeded: SucceededChannel[];
};

/** One result of the publication with its channel as it is now. */
export type OutcomeResultInput = {
  id: string;
  channelId: string;
  platform: Platform;
  status: ResultStatus;
  url: string | null;
  errorMessage: string | null;
  errorKind: string | null;
  channel: { displayName: string; active: boolean; deletedAt: Date | string | null; needsReconnect?: boolean };
};

/** The outcome's state from counts of SUCCEEDED, FAILED and UNCONFIRMED results; null when none of them. */
export function outcomeStateOf(succeeded: number, failed: number, unconfirmed: number): OutcomeState | null {
  if (succeeded > 0) return failed + unconfirmed > 0 ? "partly_published" : "published";
  if (failed > 0) return "failed";
  if (unconfirmed > 0) return "unconfirmed";
  return null;
}

/**
 * What to do about one FAILED or UNCONFIRMED result. `current`: the publication is the post's current version and
 * the post is settled (PUBLISHED or FAILED), so a retry can reopen it. `editedSince`: the post changed after the
 * publication finished, so a permanent refusal of the old text may not hold for the new one.
 */
export function nextStepOf(
  result: Pick<OutcomeResultInput, "status" | "errorKind" | "channel">,
  { current, editedSince }: { current: boolean; editedSince: boolean },
): { next: NextStep; nextReason: string } {
  if (!current) {
    return { next: "none", nextReason: "The post changed since this publication; it cannot be retried." };
  }
  if (result.status === "UNCONFIRMED") {
    return {
      next: "check_network",
      nextReason:
        "No answer came back: it may be on the network. Check there, then mark it as published, or publish again anyway (it could then appear twice).",
    };
  }
  const { channel } = result;
  if (channel.deletedAt) return { next: "fix_channel", nextReason: "The channel was deleted." };
  if (!channel.active) return { next: "fix_channel", nextReason: "The channel is disabled: enable it, then retry." };
  if (channel.needsReconnect) {
    return { next: "fix_channel", nextReason: "The channel needs reconnecting: reconnect it, then retry." };
  }
  if (result.errorKind === "permanent" && editedSince) {
    return {
      next: "retry",
      nextReason: "The post was edited since the network refused it: retry sends it as it is now.",
    };
  }
  if (result.errorKind === "permanent") {
    return {
      next: "edit_post",
      nextReason: "The network refused this post: sending it again cannot help. Edit the post (or the channel).",
    };
  }
  return { next: "retry", nextReason: "The cause was temporary or unknown: retrying can help." };
}

/**
 * The outcome of a post's latest publication (PublicationOutcome), or null while it runs, when it was cancelled
 * with nothing sent, or when there is none. `post` is the post's status and version now.
 */
export function publicationOutcomeOf(
  publication: {
    id: string;
    postVersion: number;
    status: PublicationStatus;
    finishedAt: Date | null;
    results: OutcomeResultInput[];
  } | null,
  post: { status: PostStatus; version: number; updatedAt: Date },
): PublicationOutcome | null {
  if (!publication || publication.status === "RUNNING") return null;
  const count = (s: ResultStatus) => publication.results.filter((r) => r.status === s).length;
  const state = outcomeStateOf(count("SUCCEEDED"), count("FAILED"), count("UNCONFIRMED"));
  if (!state) return null;
  const current = (post.status === "PUBLISHED" || post.status === "FAILED") && post.version === publication.postVersion;
  const editedSince = !!publication.finishedAt && post.updatedAt.getTime() > publication.finishedAt.getTime();
  const failing: FailingChannel[] = [];
  const succeeded: SucceededChannel[] = [];
  for (const r of publication.results) {
    const base = { id: r.channelId, resultId: r.id, displayName: r.channel.displayName, platform: r.platform };
    if (r.status === "SUCCEEDED") succeeded.push({ ...base, url: httpUrlOrNull(r.url) });
    else if (r.status === "FAILED" || r.status === "UNCONFIRMED") {
      const step = nextStepOf(r, { current, editedSince });
      failing.push({ ...base, status: r.status, errorMessage: r.errorMessage, errorKind: r.errorKind, ...step });
    }
  }
  const byName = (a: { displayName: string; id: string }, b: { displayName: string; id: string }) =>
    a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id);
  failing.sort(byName);
  succeeded.sort(byName);
  return { state, publicationId: publication.id, postVersion: publication.postVersion, failing, succeeded };
}
