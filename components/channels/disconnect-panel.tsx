"use client";

import { useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import styles from "@/components/channels/channels.module.css";
import { useDeleteChannel } from "@/components/channels/use-channel-mutations";
import { localDateTime } from "@/components/evergreen/format";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import type { ChannelView } from "@/components/hooks/use-channels";

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 79).trimEnd()}…` : text || "(no text)");

/**
 * Disconnecting asks first, naming the scheduled posts that would change (GET /api/posts?channel=…): each keeps
 * its other channels, and one left with none goes back to drafts (the API's rule, README "Channels").
 */
export function DisconnectPanel({
  channel,
  timezone,
  onCancel,
}: {
  channel: ChannelView;
  timezone: string;
  onCancel: () => void;
}) {
  const affected = useQuery({
    queryKey: ["posts", "channel", channel.id, "scheduled"],
    queryFn: async ({ signal }) =>
      (
        await apiGet<{ posts: PostView[] }>(
          `/api/posts?channel=${encodeURIComponent(channel.id)}&status=SCHEDULED,PUBLISHING`,
          null,
          { signal },
        )
      ).posts,
  });
  const remove = useDeleteChannel();
  const confirm = () =>
    remove.mutate(channel.id, {
      onSuccess: (answer) => {
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
  const posts = affected.data ?? [];
  return (
    <section className={styles.confirm} aria-label={`Disconnect ${channel.displayName}`}>
      {affected.isPending ? (
        <p role="status">Looking for scheduled posts on this channel…</p>
      ) : affected.isError ? (
        <p className="form-error" role="alert">
          Could not read the scheduled posts: {affected.error.message}
        </p>
      ) : posts.length === 0 ? (
        <p>No scheduled post goes to {channel.displayName}. Disconnecting removes it from drafts only.</p>
      ) : (
        <>
          <p>
            {posts.length === 1 ? "This scheduled post goes" : `These ${posts.length} scheduled posts go`} to{" "}
            {channel.displayName}. They stop going to it; a post with no other channel goes back to drafts.
          </p>
          <ul className={styles.affected}>
            {posts.map((p) => (
              <li key={p.id} data-post-id={p.id}>
                <span>{excerpt(p.content)}</span>
                {p.scheduledAt ? <span className="muted"> · {localDateTime(p.scheduledAt, timezone)}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {remove.isError ? (
        <p className="form-error" role="alert">
          {remove.error.message}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button
          type="button"
          className={`button ${styles.danger}`}
          onClick={confirm}
          disabled={affected.isPending || remove.isPending}
        >
          Confirm disconnect
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
