import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { notifyApprovalRequested } from "@/lib/approvals/notify-approval-requested";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { asMediaDeletedError } from "@/lib/posts/as-media-deleted-error";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { importPostMediaUrls, type MediaImportOptions } from "@/lib/posts/import-post-media-urls";
import { loadPostMedia, type PostMediaRowInput } from "@/lib/posts/load-post-media";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";
import { inFlightConflict, isInFlight } from "@/lib/publishing/in-flight-conflict";
import type { ContentMedia } from "@/lib/publishing/rules/types";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import { unpublishableChannelProblems } from "@/lib/scheduling/check-schedule";
import {
  type ChannelContentInput,
  contentMedia,
  type PostMediaRow,
  type PostResponse,
  postMediaInclude,
  type UpdatePostInput,
} from "@/lib/schemas/posts";

/**
 * Edits content, media, tags or target channels. `input.media` replaces the post's whole library media list (an
 * unknown id is 422 naming `media.N.id`, nothing written), in the same transaction as the post's row; the media
 * items themselves are never touched. A draft (or a published or failed post) stores anything — the
 * platform rules apply when it is scheduled, and the answer's `fit` shows what does not fit yet. A SCHEDULED post
 * keeps its time and job (the worker reads the content when it publishes), so it must still fit every channel
 * (422 naming channel and rule, nothing written) and keep one active channel; a channel added to it must be able
 * to publish (422 per channel, as scheduling). A PUBLISHING post waiting for a retry
 * takes content, media and tags (its remaining channels get them; they must fit too) but not other channels
 * (409: unschedule it first); one with a request in flight is 409 with details.retryAfterMs. The write is
 * compare-and-set on (version, status, lease lapsed), so a worker claiming the post meanwhile turns this into a
 * 409 instead of an edit that lands mid-request. `input.mediaUrls` replaces the post's URL media: the list becomes
 * `input.media` (or, without it, the current items that did not come from a URL) followed by the URLs imported
 * into the library (importPostMediaUrls, before the transaction: 422 naming `mediaUrls.N`); Post.mediaUrls is
 * emptied (README "Media"). If the edit is then refused, the items this call imported are deleted again.
 * `input.channelContent` sets (text) or clears (null) the post's own text per channel; a channel that stays keeps
 * its text, a removed one loses it, and naming a channel the post will not have is 422 `channelContent.<id>`.
 *
 * `input.version` (the version the client read) makes the edit compare-and-set on it: 409 with
 * `details.reason: "version_changed"` when the post moved on. A DRAFT's every edit bumps its version (a draft has no
 * job tied to it), which is what lets the composer's autosave in two tabs notice each other (README "Composer").
 *
 * Approvals (README "Approvals"): a post IN_REVIEW is checked like a SCHEDULED one and every edit of it bumps its
 * version, so a reviewer deciding on what they read gets 409 instead of approving text they never saw. With
 * `review` (reviewSubmissionFor: approvals on, the caller lacks posts:approve), an edit that really changes a
 * SCHEDULED post's content, media, channels or channel texts sends it back to review: IN_REVIEW at version+1 (its
 * job, on `queue`, removed after the commit), a SUBMITTED comment, approvers notified. Tags alone do not.
 */
export async function updatePost({
  db,
  workspaceId,
  postId,
  input,
  now = new Date(),
  mediaImport,
  review = null,
  queue,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
  input: UpdatePostInput;
  now?: Date;
  mediaImport?: MediaImportOptions;
  review?: ReviewSubmission | null;
  queue?: Queue;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    include: { channels: { select: { channelId: true, content: true } }, media: postMediaInclude },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (input.version !== undefined && input.version !== post.version) throw versionConflict(post.version);
  if (isInFlight(post, now)) throw inFlightConflict(post, now, "edit");
  const publishing = post.status === "PUBLISHING";
  const current = post.channels.map((c) => c.channelId);
  if (publishing && input.channelIds && !sameSet(input.channelIds, current)) {
    throw new ApiError(
      "conflict",
      "Post is waiting for a retry: its channels cannot change now; unschedule it first, or edit after it finishes",
      { status: "PUBLISHING" },
    );
  }

  const channelIds = input.channelIds ?? current;
  const channelTexts = channelTextsAfterEdit(post.channels, channelIds, input.channelContent);
  const channels = (await loadTargetChannels({ db, workspaceId, channelIds })).map((c) => ({
    ...c,
    content: channelTexts.get(c.id) ?? null,
  }));
  const content = input.content ?? post.content;
  const listed = input.media
    ? await loadPostMedia({ db, workspaceId, media: input.media })
    : input.mediaUrls
      ? keptMedia(post.media)
      : undefined;
  const imported =
    listed && input.mediaUrls
      ? await importPostMediaUrls({ db, workspaceId, urls: input.mediaUrls, ...listed, options: mediaImport })
      : undefined;
  const media = imported ?? listed;
  const mediaUrls = input.mediaUrls ? [] : post.mediaUrls;
  // A post in review will be scheduled as it is: the same rules as a scheduled one.
  const pending = post.status === "SCHEDULED" || post.status === "IN_REVIEW";
  const toReview =
    review !== null &&
    post.status === "SCHEDULED" &&
    (content !== post.content ||
      mediaUrls.length !== post.mediaUrls.length ||
      !sameSet(channelIds, current) ||
      channels.some((c) => c.content !== (post.channels.find((pc) => pc.channelId === c.id)?.content ?? null)) ||
      (media !== undefined && !sameMedia(media.rows, post.media)));
  const writeEdit = async (): Promise<PostResponse> => {
    if (pending || publishing) {
      assertContentFits({ content, mediaUrls, media: media?.content ?? contentMedia(post.media), channels });
    }
    if (pending && !channels.some((c) => c.active)) {
      throw new ApiError("unprocessable", "A scheduled post needs at least one active channel; unschedule it first", [
        { path: "channelIds", message: "no active channel left" },
      ]);
    }
    // A channel added to a scheduled post must be one scheduling would accept (checkSchedule's rule).
    const added = pending ? channels.filter((c) => !current.includes(c.id)) : [];
    const unpublishable = unpublishableChannelProblems(added);
    if (unpublishable.length > 0) {
      const message = `Post cannot be scheduled: ${unpublishable.map((p) => p.message).join("; ")}`;
      throw new ApiError("unprocessable", message, unpublishable);
    }

    await db.$transaction(async (tx) => {
      const { count } = await tx.post.updateMany({
        where: {
          id: postId,
          workspaceId,
          version: post.version,
          status: post.status,
          ...(publishing ? { OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] } : {}),
        },
        data: {
          content,
          mediaUrls,
          tags: input.tags ? [...new Set(input.tags)] : undefined,
          ...(toReview ? { status: "IN_REVIEW" as const, reviewState: null } : {}),
          // A draft has no job to keep in step with its version: every edit moves it on, so an editor who read
          // an older one (another tab, an autosave) gets 409 instead of overwriting this edit.
          ...(toReview || post.status === "IN_REVIEW" || post.status === "DRAFT" ? { version: post.version + 1 } : {}),
        },
      });
      if (count === 0) {
        if (input.version !== undefined) throw versionConflict(null);
        throw new ApiError("conflict", "Post changed while it was being edited; reload and try again");
      }
      if (toReview) {
        await tx.postComment.create({
          data: { workspaceId, postId, authorUserId: review?.actorUserId ?? null, kind: "SUBMITTED" },
        });
      }
      if (input.channelIds || input.channelContent) {
        await tx.postChannel.deleteMany({ where: { postId } });
        await tx.postChannel.createMany({
          data: channels.map((c) => ({ postId, channelId: c.id, content: c.content })),
        });
      }
      if (media) {
        await tx.postMedia.deleteMany({ where: { postId } });
        await tx.postMedia.createMany({ data: media.rows.map((m) => ({ postId, ...m })) }).catch((err: unknown) => {
          throw asMediaDeletedError(err);
        });
      }
    });
    if (toReview) {
      if (queue) await discardPublishJob({ queue, postId, version: post.version });
      await notifyApprovalRequested({
        db,
        workspaceId,
        post: { id: postId, content },
        actorUserId: review.actorUserId,
      });
    }
    return getPostOrThrow({ db, workspaceId, postId });
  };
  try {
    return await writeEdit();
  } catch (err) {
    await imported?.discard();
    throw err;
  }
}

/** 409 for an edit sent with a `version` the post has moved on from; `current` in details when known. */
function versionConflict(current: number | null): ApiError {
  return new ApiError(
    "conflict",
    "This post was changed elsewhere (another tab or person) since you opened it; reload it to see those changes",
    { reason: "version_changed", ...(current === null ? {} : { version: current }) },
  );
}

/** The post's current items that were not imported from a URL, as rows to write again (PATCH with `mediaUrls` only). */
function keptMedia(rows: readonly PostMediaRow[]): { rows: PostMediaRowInput[]; content: ContentMedia[] } {
  const kept = rows.filter((r) => r.media.sourceUrl === null);
  return {
    rows: kept.map((r, position) => ({ mediaId: r.media.id, position, altText: r.altText })),
    content: contentMedia(kept),
  };
}

/** Whether the media rows to write are the post's current ones: the same items, order and alt texts. */
function sameMedia(rows: readonly PostMediaRowInput[], current: readonly PostMediaRow[]): boolean {
  return (
    rows.length === current.length &&
    rows.every((r, i) => r.mediaId === current[i]?.media.id && (r.altText ?? null) === (current[i]?.altText ?? null))
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((id) => b.includes(id));

/**
 * The post's own text per channel after an edit: what the kept channels had, with `edits` applied (null clears).
 * 422 naming `channelContent.<id>` for a channel that is not among `channelIds`, nothing written.
 */
function channelTextsAfterEdit(
  current: readonly { channelId: string; content: string | null }[],
  channelIds: readonly string[],
  edits: ChannelContentInput | undefined,
): Map<string, string | null> {
  const foreign = Object.keys(edits ?? {}).filter((id) => !channelIds.includes(id));
  if (foreign.length > 0) {
    throw new ApiError(
      "unprocessable",
      `channelContent names channel(s) the post does not have: ${foreign.join(", ")}`,
      foreign.map((id) => ({ path: `channelContent.${id}`, message: "not one of the post's channels" })),
    );
  }
  const texts = new Map(current.filter((c) => channelIds.includes(c.channelId)).map((c) => [c.channelId, c.content]));
  for (const [id, text] of Object.entries(edits ?? {})) texts.set(id, text);
  return texts;
}
