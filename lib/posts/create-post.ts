import type { Queue } from "bullmq";
import { notifyApprovalRequested } from "@/lib/approvals/notify-approval-requested";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { asMediaDeletedError } from "@/lib/posts/as-media-deleted-error";
import { createScheduledPost } from "@/lib/posts/create-scheduled-post";
import { importPostMediaUrls, type MediaImportOptions } from "@/lib/posts/import-post-media-urls";
import { loadPostMedia, type PostMediaRowInput } from "@/lib/posts/load-post-media";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";
import { type CreatePostInput, type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

/**
 * A new post on the workspace's channels (an unknown channel id is 422) with the workspace's library media in the
 * order given (an unknown media id is 422 naming `media.N.id`; the PostMedia rows are written with the post). Without `input.scheduledAt` it is a DRAFT
 * stored whatever its content — a scratch pad: platform rules apply when it is scheduled, and the answer's `fit`
 * shows which channels it does not fit yet. With `input.scheduledAt` it is created and scheduled in one
 * transaction (createScheduledPost): a refused schedule (422, 400, 503) writes nothing. `getQueue` is needed and
 * called only then, so saving a draft never touches Redis. `input.mediaUrls` are imported into the library first
 * (importPostMediaUrls: 422 naming `mediaUrls.N` when one is refused), outside any transaction, and attached after
 * `media`; Post.mediaUrls stores none of them (README "Media"). If the post is then not written, the items this call
 * imported are deleted again.
 *
 * `createdByUserId`: the person creating it (null for an API token). `review` (reviewSubmissionFor): with a time, the
 * post is created IN_REVIEW instead of SCHEDULED — the same checks, no job — with a SUBMITTED comment, and whoever may
 * approve is notified after the commit.
 */
export async function createPost({
  db,
  getQueue,
  workspaceId,
  input,
  now = new Date(),
  mediaImport,
  createdByUserId = null,
  review = null,
}: {
  db: Db;
  getQueue?: () => Queue;
  workspaceId: string;
  input: CreatePostInput;
  now?: Date;
  mediaImport?: MediaImportOptions;
  createdByUserId?: string | null;
  review?: ReviewSubmission | null;
}): Promise<PostResponse> {
  const channels = await loadTargetChannels({ db, workspaceId, channelIds: input.channelIds });
  const listed = await loadPostMedia({ db, workspaceId, media: input.media ?? [] });
  const imported = await importPostMediaUrls({
    db,
    workspaceId,
    urls: input.mediaUrls,
    ...listed,
    options: mediaImport,
  });
  let post: PostResponse;
  try {
    post = await writePost({
      db,
      getQueue,
      workspaceId,
      input,
      now,
      channelIds: channels.map((c) => c.id),
      media: imported.rows,
      createdByUserId,
      review,
    });
  } catch (err) {
    await imported.discard();
    throw err;
  }
  if (post.status === "IN_REVIEW") {
    await notifyApprovalRequested({ db, workspaceId, post, actorUserId: review?.actorUserId ?? null });
  }
  return post;
}

async function writePost({
  db,
  getQueue,
  workspaceId,
  input,
  now,
  channelIds,
  media,
  createdByUserId,
  review,
}: {
  db: Db;
  getQueue?: () => Queue;
  workspaceId: string;
  input: CreatePostInput;
  now: Date;
  channelIds: string[];
  media: PostMediaRowInput[];
  createdByUserId: string | null;
  review: ReviewSubmission | null;
}): Promise<PostResponse> {
  if (input.scheduledAt !== undefined) {
    if (!getQueue && !review) throw new Error("createPost: scheduling needs getQueue");
    return createScheduledPost({
      db,
      queue: review ? null : (getQueue?.() ?? null),
      createdByUserId,
      review,
      workspaceId,
      input: { ...input, mediaUrls: [], scheduledAt: input.scheduledAt },
      channelIds,
      media,
      now,
    });
  }
  const post = await db.post
    .create({
      data: {
        workspaceId,
        createdByUserId,
        content: input.content,
        mediaUrls: [],
        tags: [...new Set(input.tags)],
        channels: {
          create: channelIds.map((channelId) => ({ channelId, content: input.channelContent?.[channelId] ?? null })),
        },
        media: { create: media },
      },
      include: postInclude,
    })
    .catch((err: unknown) => {
      throw asMediaDeletedError(err);
    });
  return toPostResponse(post);
}
