"use client";

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState } from "react";
import { toast } from "sonner";
import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { chipStateOf } from "@/components/calendar/status";
import type { ChannelView } from "@/components/hooks/use-channels";
import { type QueuePostView, useShareNow } from "@/components/hooks/use-posting-queue";
import { excerptOf } from "@/components/queue/excerpt";
import styles from "@/components/queue/queue.module.css";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * One post in the queue: a drag handle when it can move (`sortable`; also by keyboard: Space, arrows, Space), its
 * excerpt, its accounts as avatars, its status or review state, "Edit" (the composer) and "Share now" (after a
 * confirmation: publishes at once, its slot frees up).
 */
export function QueuePostRow({
  post,
  when,
  channelsById,
  sortable,
  canShare,
  onEdit,
}: {
  post: QueuePostView;
  /** The post's time as the list shows it, e.g. "Tue 1 Dec, 09:15". */
  when: string;
  channelsById: Map<string, ChannelView>;
  sortable: boolean;
  canShare: boolean;
  onEdit: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: post.id,
    disabled: !sortable,
  });
  const shareNow = useShareNow();
  const [confirming, setConfirming] = useState(false);
  const chip = chipStateOf({ ...post, outcome: null });
  const channels = post.channelIds.flatMap((id) => channelsById.get(id) ?? []);
  const excerpt = excerptOf(post.content);
  const names = channels.map((c) => c.displayName).join(", ");

  return (
    <div
      ref={setNodeRef}
      className={styles.post}
      data-post-id={post.id}
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      {sortable ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className={styles.handle}
          {...attributes}
          {...listeners}
          aria-label={`Move “${excerpt}”, now ${when}`}
          data-testid="queue-drag-handle"
        >
          <span aria-hidden="true">⠿</span>
        </button>
      ) : (
        <span className={styles.handleSpacer} aria-hidden="true" />
      )}
      <div className={styles.postMain}>
        <p className={styles.excerpt} title={post.content}>
          {excerpt}
        </p>
        <div className={styles.meta}>
          <span className={styles.avatars}>
            {channels.map((c) => (
              <ChannelAvatar key={c.id} channel={c} size={18} />
            ))}
          </span>
          <span className="visually-hidden">{names}</span>
          <span className={`cal-status cal-status-${chip.key}`} data-status={post.status}>
            {chip.mark ? <span aria-hidden="true">{chip.mark} </span> : null}
            {chip.label}
          </span>
          {post.status === "IN_REVIEW" && post.reviewState === "APPROVED" ? <span>approved</span> : null}
        </div>
      </div>
      <div className={styles.actions}>
        <button type="button" className="button" onClick={onEdit} aria-label={`Edit “${excerpt}”`}>
          Edit
        </button>
        {canShare && post.status !== "PUBLISHING" ? (
          <ConfirmDialog
            trigger={
              <button type="button" className="button" aria-label={`Share now: “${excerpt}”`}>
                Share now
              </button>
            }
            open={confirming}
            onOpenChange={(open) => {
              setConfirming(open);
              if (!open) shareNow.reset();
            }}
            title="Share this post now?"
            description={`“${excerpt}” is published at once to ${names || "its channels"} instead of ${when}; its slot frees up for the next post.`}
            confirmLabel="Share now"
            pending={shareNow.isPending}
            error={shareNow.error?.message ?? null}
            onConfirm={() =>
              shareNow.mutate(post.id, {
                onSuccess: () => {
                  setConfirming(false);
                  toast.success(`Publishing now: “${excerpt}”`);
                },
              })
            }
          />
        ) : null}
      </div>
    </div>
  );
}
