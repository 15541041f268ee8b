"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { accountLabelOf } from "@/components/calendar/channel-avatar";
import { zoneLabel } from "@/components/calendar/time-zones";
import { useNeedsApproval } from "@/components/hooks/use-approvals";
import { useChannels } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import { usePostingQueue } from "@/components/hooks/use-posting-queue";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import { ChannelChips } from "@/components/queue/channel-chips";
import { PostingScheduleEditor } from "@/components/queue/posting-schedule-editor";
import styles from "@/components/queue/queue.module.css";
import { QueueList } from "@/components/queue/queue-list";
import { useCompose } from "@/components/shell/compose-provider";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";

const DAYS = 14;

/**
 * The Queue page (README "Queue"): pick a channel (or all), see its next 14 days of posting slots and the posts at
 * them, reorder by drag, share now, and edit the channel's weekly posting schedule. The chosen channel is in the
 * URL (`?channel=<id>`), so a link or a reload keeps it.
 */
export function QueuePage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const timezone = useSession().workspace.timezone;
  const channels = useChannels();
  const chosen = searchParams.get("channel");
  const all = channels.data ?? [];
  const channel = all.find((c) => c.id === chosen) ?? null;
  const queue = usePostingQueue(channel?.id ?? null, DAYS);
  const { openNewPost, openPost } = useCompose();
  const canSchedule = useCan("posts:schedule");
  const needsApproval = useNeedsApproval();
  const channelsById = useMemo(() => new Map(all.map((c) => [c.id, c])), [all]);

  const choose = useCallback(
    (channelId: string | null) => {
      const next = new URLSearchParams(searchParams.toString());
      if (channelId) next.set("channel", channelId);
      else next.delete("channel");
      router.replace(next.size > 0 ? `${pathname}?${next}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );

  // "Hide empty slots" (in the URL, `?empty=hide`): with four brands on a Mon-Fri schedule, fourteen days of
  // "All channels" is mostly empty slots; hiding them leaves the posts (reordering works on posts, not on slots).
  // Local state answers the click at once (the URL follows: router.replace lands a render later).
  const [hideEmpty, setHideEmptyState] = useState(() => searchParams.get("empty") === "hide");
  const setHideEmpty = useCallback(
    (hide: boolean) => {
      setHideEmptyState(hide);
      const next = new URLSearchParams(searchParams.toString());
      if (hide) next.set("empty", "hide");
      else next.delete("empty");
      router.replace(next.size > 0 ? `${pathname}?${next}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );
  const allEntries = queue.data?.entries ?? [];
  const entries = hideEmpty ? allEntries.filter((e) => e.posts.length > 0) : allEntries;
  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Queue</h1>
          <p className="muted">
            Each channel&apos;s weekly posting slots, the next {DAYS} days of them, and the posts at them. Times in{" "}
            {zoneLabel(queue.data?.timezone ?? timezone)}.
          </p>
        </div>
        {openNewPost ? (
          <button type="button" className="button primary" onClick={() => openNewPost({})}>
            New post
          </button>
        ) : null}
      </header>

      <section className="card" aria-label="Channel">
        {channels.isError ? (
          <ErrorState
            title="Could not load the channels"
            message={channels.error.message}
            onRetry={() => void channels.refetch()}
          />
        ) : channels.isPending ? (
          <LoadingRows rows={1} label="Loading channels…" />
        ) : all.length === 0 ? (
          <EmptyState title="No channels yet">
            Connect a channel in Settings → Channels, then give it posting times.
          </EmptyState>
        ) : (
          <ChannelChips channels={all} value={channel?.id ?? null} onChange={choose} />
        )}
      </section>

      <div className={styles.layout}>
        <section className="card" aria-labelledby="queue-upcoming">
          <div className="card-head">
            <h2 id="queue-upcoming" className={page.sectionTitle}>
              Next {DAYS} days{channel ? ` · ${channel.displayName}` : ""}
            </h2>
            {canSchedule ? (
              <span className="muted">
                Drag a post by its handle onto another&apos;s place: it takes that time, the posts between move one
                place.
              </span>
            ) : null}
            <label className={styles.hideEmpty}>
              <input type="checkbox" checked={hideEmpty} onChange={(e) => setHideEmpty(e.target.checked)} /> Hide empty
              slots
            </label>
          </div>
          {canSchedule && needsApproval ? (
            <p className="muted" role="note">
              Approvals are on: a post you move goes to review at its new time, and &ldquo;Share now&rdquo; needs an
              approver.
            </p>
          ) : null}
          {queue.isError ? (
            <ErrorState
              title="Could not load the queue"
              message={queue.error.message}
              onRetry={() => void queue.refetch()}
            />
          ) : !queue.data ? (
            <LoadingRows rows={6} label="Loading the queue…" />
          ) : entries.length === 0 && allEntries.length > 0 ? (
            <EmptyState title="No posts in the next 14 days">
              Every slot is free: untick &ldquo;Hide empty slots&rdquo; to see them, or add a post to the queue.
            </EmptyState>
          ) : entries.length === 0 ? (
            <EmptyState title="Nothing in the next 14 days">
              {channel
                ? `${channel.displayName} has no posting times and no posts coming up: add times in its posting schedule.`
                : "No channel has posting times or posts coming up: pick a channel to give it a posting schedule."}
            </EmptyState>
          ) : (
            <QueueList
              entries={entries}
              timezone={queue.data.timezone || timezone}
              channelsById={channelsById}
              canReorder={canSchedule}
              canShare={canSchedule && !needsApproval}
              onNewPost={
                openNewPost
                  ? (entry) =>
                      openNewPost({
                        date: entry.atLocal.slice(0, 10),
                        time: entry.atLocal.slice(11, 16),
                        channelIds: entry.slotChannelIds,
                      })
                  : null
              }
              onEdit={openPost}
            />
          )}
        </section>

        <section className="card" aria-labelledby="queue-schedule">
          <div className="card-head">
            <h2 id="queue-schedule" className={page.sectionTitle}>
              Posting schedule
            </h2>
          </div>
          {channel ? (
            <>
              <p className={styles.hint}>{accountLabelOf(channel)}</p>
              <PostingScheduleEditor key={channel.id} channel={channel} />
            </>
          ) : (
            <p className="muted">Pick a channel above to see and edit its weekly posting times.</p>
          )}
        </section>
      </div>
    </div>
  );
}
