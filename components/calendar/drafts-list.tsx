import type { Ref } from "react";
import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { PostThumbnail } from "@/components/calendar/event-content";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import type { PostView } from "@/components/hooks/api-types";
import { type CalendarChannelView, DRAFTS_LIMIT } from "@/components/hooks/use-calendar-posts";

/**
 * Drafts without a time stay off the grid; they are listed beside it, one click from the composer — or, when
 * `draggable`, one drag from a slot of the grid (the calendar turns `listRef`'s items into drag sources).
 */
export function DraftsList({
  drafts,
  loading,
  error,
  onOpen,
  listRef,
  draggable = false,
  channels,
}: {
  drafts: PostView[];
  loading: boolean;
  error: string | null;
  onOpen: (post: PostView) => void;
  listRef?: Ref<HTMLUListElement>;
  draggable?: boolean;
  /** The workspace's channels by id (GET /api/calendar), for each draft's accounts. */
  channels?: ReadonlyMap<string, Omit<CalendarChannelView, "result">>;
}) {
  const unscheduled = drafts.filter((p) => !p.scheduledAt);
  // The query stops at DRAFTS_LIMIT: say so rather than let older drafts vanish silently.
  const more = drafts.length >= DRAFTS_LIMIT;
  return (
    <aside className="cal-drafts" aria-labelledby="cal-drafts-title">
      <h2 id="cal-drafts-title" className="cal-drafts-title">
        Drafts <span className="cal-count">{loading ? "" : `${unscheduled.length}${more ? "+" : ""}`}</span>
      </h2>
      {loading ? (
        <div className="cal-drafts-skeleton" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      ) : error ? (
        <p className="field-error">Drafts could not be loaded: {error}</p>
      ) : unscheduled.length === 0 ? (
        <p className="composer-hint">No drafts. Ideas saved without a time wait here.</p>
      ) : (
        <>
          {draggable ? <p className="composer-hint">Drag a draft onto the calendar to schedule it there.</p> : null}
          {more ? (
            <p className="composer-hint">
              Showing the newest {DRAFTS_LIMIT.toLocaleString("en")} drafts; older ones are in the API (GET /api/posts).
            </p>
          ) : null}
          <ul className="cal-drafts-list" ref={listRef}>
            {unscheduled.map((post) => (
              <li key={post.id}>
                <button
                  type="button"
                  className="cal-draft"
                  data-post-id={post.id}
                  data-title={post.content.slice(0, 80)}
                  onClick={() => onOpen(post)}
                >
                  <span className="cal-draft-main">
                    <PostThumbnail post={post} className="cal-draft-thumb" />
                    <span className="cal-draft-text">{post.content || <em>No text</em>}</span>
                  </span>
                  {post.draftReason ? (
                    <span className="field-error" data-testid="draft-reason">
                      {post.draftReason}
                    </span>
                  ) : null}
                  <span className="cal-ev-channels">
                    {post.channels.map((c) => {
                      // The account (avatar in its colour) where the calendar knows the channel, else its network.
                      const account = channels?.get(c.id);
                      return account ? (
                        <ChannelAvatar key={c.id} channel={account} />
                      ) : (
                        <PlatformBadge key={c.id} platform={c.platform} displayName={c.displayName} />
                      );
                    })}
                  </span>
                  <DraftFit post={post} />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

/**
 * "Does not fit Sky, Gram yet" under a draft whose content breaks a channel's platform rules (the API's `fit`), with
 * each problem in the tooltip. A draft may hold anything; these are what scheduling it would refuse.
 */
function DraftFit({ post }: { post: PostView }) {
  const misfits = post.fit.filter((f) => !f.ok);
  if (misfits.length === 0) return null;
  const problems = misfits.flatMap((f) => f.problems.map((p) => `${f.displayName}: ${p.message}`));
  return (
    <span
      className="cal-draft-misfit field-error"
      data-misfit={misfits.map((f) => f.channelId).join(" ")}
      title={problems.join("\n")}
    >
      Does not fit {misfits.map((f) => f.displayName).join(", ")} yet
    </span>
  );
}
