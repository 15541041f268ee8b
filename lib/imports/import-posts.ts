import type { Queue } from "bullmq";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { notifyApprovalRequested } from "@/lib/approvals/notify-approval-requested";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { QUEUE_TIME } from "@/lib/imports/check-import-rows";
import { parsePostImport } from "@/lib/imports/parse-post-import";
import { type ImportPreview, previewPostImport } from "@/lib/imports/preview-post-import";
import { type ImportedPostInput, writeImportedPosts } from "@/lib/imports/write-imported-posts";
import { withQueueLock } from "@/lib/posting-slots/with-queue-lock";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { importPostMediaUrls, type MediaImportOptions } from "@/lib/posts/import-post-media-urls";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";

/**
 * Imports `csv` all or nothing. First the preview's checks (previewPostImport): any problem is 422 with the whole
 * preview as details (`{ fileProblems, rows: [{ row, problems }] }`) and nothing written. Then each row's media URLs
 * go through the media import (importPostMediaUrls: the outbound guard, the library) and the content is checked again
 * against the real media; a refusal is 422 naming the row, and every item this import added is deleted again. Then
 * writeImportedPosts writes the posts in batches with their jobs (or IN_REVIEW with `review`, notifying approvers).
 * Rows timed "queue" get their posting slots afresh at this point, under the workspace's queue lock (withQueueLock):
 * a slot the preview showed that was taken since is simply replaced by the next free one. Returns the new posts' ids
 * in row order.
 */
export async function importPosts({
  db,
  queue,
  workspaceId,
  csv,
  now = new Date(),
  createdByUserId = null,
  review = null,
  mediaImport,
  pool,
}: {
  db: Db;
  queue: Queue | null;
  workspaceId: string;
  csv: string;
  now?: Date;
  createdByUserId?: string | null;
  review?: ReviewSubmission | null;
  mediaImport?: MediaImportOptions;
  /** The connection pool of the queue lock (default lib/db/sql's), taken only when a row's time is "queue". */
  pool?: Pick<pg.Pool, "connect">;
}): Promise<{ imported: number; postIds: string[]; status: "SCHEDULED" | "IN_REVIEW" }> {
  const input = { db, queue, workspaceId, csv, now, createdByUserId, review, mediaImport };
  // Rows timed "queue" take free posting slots: find and write them under the queue lock, as Add to queue does, so
  // the slots are computed afresh here (the preview's may have been taken since: these rows then take the next).
  const queued = parsePostImport(csv).rows.some((r) => r.time.trim().toLowerCase() === QUEUE_TIME);
  return queued ? withQueueLock({ pool, workspaceId, fn: () => importChecked(input) }) : importChecked(input);
}

async function importChecked({
  db,
  queue,
  workspaceId,
  csv,
  now,
  createdByUserId,
  review,
  mediaImport,
}: {
  db: Db;
  queue: Queue | null;
  workspaceId: string;
  csv: string;
  now: Date;
  createdByUserId: string | null;
  review: ReviewSubmission | null;
  mediaImport?: MediaImportOptions;
}): Promise<{ imported: number; postIds: string[]; status: "SCHEDULED" | "IN_REVIEW" }> {
  const preview = await previewPostImport({ db, workspaceId, csv, now });
  if (!preview.ok) {
    const { planned: _, ...shown } = preview;
    throw new ApiError("unprocessable", problemSummary(shown), shown);
  }
  const discards: (() => Promise<void>)[] = [];
  const discardAll = async () => {
    for (const discard of discards) await discard();
  };
  const posts: ImportedPostInput[] = [];
  try {
    const channels = await loadTargetChannels({
      db,
      workspaceId,
      channelIds: preview.planned.flatMap((p) => p.channelIds),
    });
    const channelById = new Map(channels.map((c) => [c.id, c]));
    for (const plan of preview.planned) {
      let media: Awaited<ReturnType<typeof importPostMediaUrls>>;
      try {
        media = await importPostMediaUrls({
          db,
          workspaceId,
          urls: plan.mediaUrls,
          rows: [],
          content: [],
          options: mediaImport,
        });
        discards.push(media.discard);
        assertContentFits({
          content: plan.content,
          mediaUrls: [],
          media: media.content,
          channels: plan.channelIds.flatMap((id) => channelById.get(id) ?? []),
        });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        throw new ApiError(err.code, `Row ${plan.row}: ${err.message}; nothing was imported`, {
          row: plan.row,
          problems: err.details,
        });
      }
      posts.push({ ...plan, media: media.rows });
    }
    const postIds = await writeImportedPosts({ db, queue, workspaceId, posts, createdByUserId, review, now });
    if (review) {
      for (const [i, id] of postIds.entries()) {
        await notifyApprovalRequested({
          db,
          workspaceId,
          post: { id, content: posts[i]?.content ?? "" },
          actorUserId: review.actorUserId,
        });
      }
    }
    return { imported: postIds.length, postIds, status: review ? "IN_REVIEW" : "SCHEDULED" };
  } catch (err) {
    await discardAll();
    throw err;
  }
}

function problemSummary(preview: ImportPreview): string {
  if (preview.fileProblems.length > 0) return `The file cannot be imported: ${preview.fileProblems.join("; ")}`;
  const bad = preview.rows.filter((r) => r.problems.length > 0);
  const first = bad[0];
  const example = first ? ` (row ${first.row}: ${first.problems[0]})` : "";
  return `${bad.length} of ${preview.rows.length} row(s) have problems${example}; nothing was imported`;
}
