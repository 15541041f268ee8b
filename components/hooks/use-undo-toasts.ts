"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { toast } from "sonner";
import { apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { holdDeletion, releaseDeletion } from "@/components/hooks/pending-deletions";
import { scheduledMessage } from "@/components/hooks/scheduled-message";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import { useSession } from "@/components/hooks/use-session";
import type { RotateEvergreenResponse, UndoRotationResponse } from "@/lib/schemas/evergreen";
import { formatDateTime } from "@/lib/time/format-date-time";

/** How long a toast with Undo stays. */
export const UNDO_MS = 10_000;
/** How long a deletion can be undone: the toast stays this long, then the deletion is sent. */
export const DELETE_UNDO_MS = 6_000;

/** What a post was before the change an Undo reverses. */
export type PostBefore = { id: string; status: string; scheduledAt: string | null; timezone: string | null };

const plural = (n: number) => `${n} evergreen ${n === 1 ? "post" : "posts"}`;

/**
 * Toasts with "Undo" for the changes a person makes to one post outside /posts' bulk bar (README "Undo"): the
 * composer's Unschedule, Delete, Schedule (a move or a first schedule) and Add to queue, a draft dropped on the calendar, an
 * evergreen rotation. Each Undo calls the API itself (not a component's mutation), so it still works after the
 * composer that made the change has closed; every one invalidates the posts queries.
 * - unschedule → schedule again at the old instant and zone, if it is still ahead; else the toast says it has passed;
 * - schedule → back where it was: the old time (same rule), or a draft again when it was one;
 * - delete → held back for DELETE_UNDO_MS (hidden from every list meanwhile), sent when the toast closes; Undo keeps it;
 * - rotation → POST /api/scheduling/evergreen/rotate/undo (each post as it was, or nothing if one changed since).
 */
export function useUndoToasts() {
  const queryClient = useQueryClient();
  const zone = useSession().workspace.timezone;
  const invalidate = useCallback(() => queryClient.invalidateQueries({ queryKey: POSTS_KEY }), [queryClient]);

  const putBack = useCallback(
    async (before: PostBefore) => {
      if (!before.scheduledAt) return;
      const timeZone = before.timezone ?? zone;
      if (new Date(before.scheduledAt).getTime() <= Date.now()) {
        const at = formatDateTime(before.scheduledAt, { timeZone, now: new Date() });
        toast.error(`Not put back: ${at} has passed. Open the post to pick a new time.`);
        return;
      }
      try {
        const back = await apiSend<PostView>("POST", `/api/scheduling/posts/${before.id}/schedule`, {
          scheduledAt: before.scheduledAt,
          timezone: timeZone,
        });
        toast.success(scheduledMessage(back, "Put back for"));
      } catch (error) {
        toast.error(`Not put back: ${(error as Error).message}`);
      } finally {
        await invalidate();
      }
    },
    [invalidate, zone],
  );

  const backToDraft = useCallback(
    async (id: string) => {
      try {
        await apiSend<PostView>("DELETE", `/api/scheduling/posts/${id}/schedule`);
        toast.success("Undone: the post is a draft again");
      } catch (error) {
        toast.error(`Not undone: ${(error as Error).message}`);
      } finally {
        await invalidate();
      }
    },
    [invalidate],
  );

  return useMemo(
    () => ({
      /** After an unschedule (or a withdrawal from review) that left `after` a draft. */
      unscheduled(before: PostBefore, after: PostView, message: string) {
        const undoable = before.scheduledAt !== null && after.status === "DRAFT";
        toast.success(message, {
          duration: UNDO_MS,
          action: undoable ? { label: "Undo", onClick: () => void putBack(before) } : undefined,
        });
      },

      /** After `after` was scheduled; `before` null for a post created and scheduled in one step. */
      scheduled(before: PostBefore | null, after: PostView) {
        const moved =
          before?.scheduledAt != null &&
          (before.status === "SCHEDULED" || before.status === "IN_REVIEW") &&
          before.scheduledAt !== after.scheduledAt;
        const wasDraft = before === null || before.status === "DRAFT";
        const undo = moved && before ? () => void putBack(before) : wasDraft ? () => void backToDraft(after.id) : null;
        toast.success(scheduledMessage(after, moved ? "Rescheduled to" : "Scheduled for"), {
          duration: undo ? UNDO_MS : undefined,
          action: undo ? { label: "Undo", onClick: undo } : undefined,
        });
      },

      /** After a new post or a draft was put in the queue's next free slot (README "Queue"): Undo makes it a draft. */
      queued(after: PostView) {
        toast.success(scheduledMessage(after, "Queued for"), {
          duration: UNDO_MS,
          action: { label: "Undo", onClick: () => void backToDraft(after.id) },
        });
      },

      /** Deletes after DELETE_UNDO_MS unless undone; the post is hidden from the lists meanwhile. */
      deleteLater(post: { id: string; hasHistory: boolean }) {
        holdDeletion(post.id);
        let settled = false;
        const send = () => {
          if (settled) return;
          settled = true;
          void apiSend<void>("DELETE", `/api/posts/${post.id}`)
            .catch((error: Error) => toast.error(`Not deleted: ${error.message}`))
            .then(invalidate)
            .finally(() => releaseDeletion(post.id));
        };
        toast.success(post.hasHistory ? "Deleted: what it published stays in its history" : "Post deleted", {
          duration: DELETE_UNDO_MS,
          action: {
            label: "Undo",
            onClick: () => {
              settled = true;
              releaseDeletion(post.id);
              toast.success("Kept: the post was not deleted");
            },
          },
          onAutoClose: send,
          onDismiss: send,
        });
      },

      /** After a rotation; `onUndone` runs once it was undone. */
      rotated(result: RotateEvergreenResponse, onUndone: () => void) {
        const posts = result.scheduled.map((s) => ({ postId: s.post.id, version: s.post.version }));
        const undo = async () => {
          try {
            const done = await apiSend<UndoRotationResponse>("POST", "/api/scheduling/evergreen/rotate/undo", {
              posts,
            });
            toast.success(`Rotation undone: ${plural(done.restored.length)} back as they were`);
            onUndone();
          } catch (error) {
            toast.error(`Rotation not undone: ${(error as Error).message}`);
          } finally {
            await invalidate();
          }
        };
        toast.success(`Scheduled ${plural(posts.length)}`, {
          duration: UNDO_MS,
          action: { label: "Undo", onClick: () => void undo() },
        });
      },
    }),
    [putBack, backToDraft, invalidate],
  );
}
