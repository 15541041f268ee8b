"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import styles from "@/components/channels/channels.module.css";
import { useDeleteChannel } from "@/components/channels/use-channel-mutations";
import { localDateTime } from "@/components/evergreen/format";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import type { ChannelView } from "@/components/hooks/use-channels";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 79).trimEnd()}…` : text || "(no text)");

/**
 * "Disconnect" asks first (the shared ConfirmDialog), naming the scheduled posts that would change (GET
 * /api/posts?channel=…, read when the dialog opens): each keeps its other channels, and one left with none goes back
 * to drafts (the API's rule, README "Channels").
 */
export function DisconnectButton({ channel, timezone }: { channel: ChannelView; timezone: string }) {
  const remove = useDeleteChannel();
  const [open, setOpen] = useState(false);
  const affected = useQuery({
    queryKey: ["posts", "channel", channel.id, "scheduled"],
    enabled: open,
    queryFn: async ({ signal }) =>
      (
        await apiGet<{ posts: PostView[] }>(
          `/api/posts?channel=${encodeURIComponent(channel.id)}&status=SCHEDULED,PUBLISHING`,
          null,
          { signal },
        )
      ).posts,
  });
  const posts = affected.data ?? [];
  const confirm = () =>
    remove.mutate(channel.id, {
      onSuccess: (answer) => {
        setOpen(false);
        const drafts = answer.affectedPosts.filter((p) => p.status === "DRAFT").length;
        toast.success(
          `${channel.displayName} disconnected` +
            (answer.affectedPosts.length > 0
              ? `: ${answer.affectedPosts.length} scheduled ${answer.affectedPosts.length === 1 ? "post" : "posts"} changed` +
                (drafts > 0 ? `, ${drafts} back to drafts` : "")
              : ""),
        );
      },
    });
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
      trigger={
        <button type="button" className="button">
          Disconnect
        </button>
      }
      title={`Disconnect ${channel.displayName}?`}
      description={
        affected.isPending
          ? "Looking for scheduled posts on this channel…"
          : affected.isError
            ? `Could not read the scheduled posts: ${affected.error.message}`
            : posts.length === 0
              ? `No scheduled post goes to ${channel.displayName}. Disconnecting removes it from drafts only.`
              : `${posts.length === 1 ? "This scheduled post goes" : `These ${posts.length} scheduled posts go`} to ${
                  channel.displayName
                }. They stop going to it; a post with no other channel goes back to drafts.`
      }
      confirmLabel="Confirm disconnect"
      pending={remove.isPending}
      confirmDisabled={affected.isPending}
      error={remove.error?.message}
      onConfirm={confirm}
    >
      {posts.length > 0 ? (
        <ul className={styles.affected} aria-label="Scheduled posts that change">
          {posts.map((p) => (
            <li key={p.id} data-post-id={p.id}>
              <span>{excerpt(p.content)}</span>
              {p.scheduledAt ? <span className="muted"> · {localDateTime(p.scheduledAt, timezone)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </ConfirmDialog>
  );
}
