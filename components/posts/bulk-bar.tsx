"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/hooks/use-permission";
import styles from "@/components/posts/posts.module.css";
import { useBulkPosts } from "@/components/posts/use-post-search";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { BulkPostsInput } from "@/lib/schemas/bulk-posts";

/** How long a deletion can be undone: the toast stays this long, then the deletion is sent. */
const DELETE_UNDO_MS = 6_000;

/** How long a toast with Undo stays. */
const UNDO_MS = 10_000;

const plural = (n: number) => `${n} ${n === 1 ? "post" : "posts"}`;

/**
 * The actions on the selected posts (POST /api/posts/bulk, all or nothing): move to draft, add a tag, reschedule by
 * hours, delete (after confirmation). Each success shows a toast with Undo, which sends the `undo` body the API
 * answered. A deletion is held back while its toast shows (the rows are hidden through `onHide`), so Undo simply
 * never sends it; a refusal names the posts that cannot take the action.
 */
export function BulkBar({
  selectedIds,
  onDone,
  onHide,
}: {
  selectedIds: string[];
  onDone: () => void;
  onHide: (ids: string[], hide: boolean) => void;
}) {
  const bulk = useBulkPosts();
  const canSchedule = useCan("posts:schedule");
  const [tag, setTag] = useState("");
  const [hours, setHours] = useState("24");
  const [confirmOpen, setConfirmOpen] = useState(false);
  const n = selectedIds.length;
  const none = n === 0 || bulk.isPending;

  const run = (body: BulkPostsInput, done: string) => {
    bulk.mutate(body, {
      onSuccess: (result) => {
        onDone();
        const undo = result.undo;
        toast.success(done, {
          duration: undo ? UNDO_MS : undefined,
          action: undo
            ? {
                label: "Undo",
                onClick: () =>
                  bulk.mutate(undo, {
                    onSuccess: () => toast.success("Undone"),
                    onError: (error) => toast.error(`Could not undo: ${error.message}`),
                  }),
              }
            : undefined,
        });
      },
      onError: (error) => toast.error(error.message),
    });
  };

  const deleteLater = () => {
    const ids = selectedIds;
    setConfirmOpen(false);
    onDone();
    onHide(ids, true);
    let settled = false;
    const send = () => {
      if (settled) return;
      settled = true;
      bulk.mutate(
        { action: "delete", postIds: ids },
        {
          onError: (error) => {
            onHide(ids, false);
            toast.error(`Nothing was deleted: ${error.message}`);
          },
        },
      );
    };
    toast.success(`Deleted ${plural(ids.length)}`, {
      duration: DELETE_UNDO_MS,
      action: {
        label: "Undo",
        onClick: () => {
          settled = true;
          onHide(ids, false);
        },
      },
      onAutoClose: send,
      onDismiss: send,
    });
  };

  return (
    <div className={styles.bulkBar} role="toolbar" aria-label="Actions on the selected posts">
      <span className="muted">{n > 0 ? `${plural(n)} selected` : "Select posts to act on them"}</span>
      {canSchedule ? (
        <button
          type="button"
          className="button"
          disabled={none}
          onClick={() => run({ action: "move_to_draft", postIds: selectedIds }, `Moved ${plural(n)} to draft`)}
        >
          Move to draft
        </button>
      ) : null}
      <span className={styles.inline}>
        <input
          aria-label="Tag to add"
          className={styles.small}
          placeholder="tag"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={none || tag.trim() === ""}
          onClick={() => run({ action: "add_tag", postIds: selectedIds, tag: tag.trim() }, `Tagged ${plural(n)}`)}
        >
          Add tag
        </button>
      </span>
      {canSchedule ? (
        <span className={styles.inline}>
          <input
            aria-label="Hours to move by (negative: earlier)"
            type="number"
            step="0.25"
            className={styles.small}
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={none || !Number(hours)}
            onClick={() =>
              run(
                { action: "reschedule", postIds: selectedIds, offsetMinutes: Math.round(Number(hours) * 60) },
                `Moved ${plural(n)} by ${hours} h`,
              )
            }
          >
            Reschedule by hours
          </button>
        </span>
      ) : null}
      <ConfirmDialog
        trigger={
          <button type="button" className="button" disabled={none}>
            Delete…
          </button>
        }
        open={confirmOpen}
        onOpenChange={setConfirmOpen}
        title={`Delete ${plural(n)}?`}
        description="Posts that never went out are erased; posts with publications leave the lists and keep their history. You can undo for a few seconds."
        confirmLabel="Delete"
        onConfirm={deleteLater}
      />
    </div>
  );
}
