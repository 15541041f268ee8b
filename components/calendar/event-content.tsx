import type { EventContentArg } from "@fullcalendar/core";
import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { chipStateOf } from "@/components/calendar/status";
import type { CalendarPostView } from "@/components/hooks/use-calendar-posts";

type Thumbnailed = { media: readonly { thumbnailUrl: string | null; altText: string | null }[] };

/**
 * The post's first media item as a small square (20 px on the grid, 28 px in the list view), or nothing. Its alt text
 * is the item's own, or empty (decorative) when the post gave none: the post's text follows right after it.
 */
export function PostThumbnail({ post, className }: { post: Thumbnailed; className: string }) {
  const first = post.media[0];
  if (!first?.thumbnailUrl) return null;
  return (
    // Not a native drag source: chips and drafts are dragged by FullCalendar, which a browser image drag would hijack.
    // biome-ignore lint/performance/noImgElement: a private, already-small thumbnail; next/image would proxy it
    <img
      className={className}
      src={first.thumbnailUrl}
      alt={first.altText ?? ""}
      loading="lazy"
      decoding="async"
      draggable={false}
    />
  );
}

/**
 * One post on the grid: local time, status as a word with a mark (the colour repeats it) — "Partly published",
 * "Unconfirmed" or "Failed" when the latest publication did not go out everywhere — then its first thumbnail, the
 * accounts it goes to (avatar in the account's colour, named for screen readers; a channel that failed carries ✕,
 * one unconfirmed ?, each also said in words) and the text. The chip's left edge is its first account's colour.
 */
export function EventContent({ event, timeText, view, isEnd }: EventContentArg) {
  const post = event.extendedProps.post as CalendarPostView | undefined;
  // The shaded past, where it ends (now): a keyboard stop that brings the current time into view. It also gives a
  // day without posts something focusable in its scrolling hours (axe: scrollable-region-focusable).
  if (event.id === "past") {
    if (!isEnd || !view.type.startsWith("timeGrid")) return null;
    return (
      <button
        type="button"
        className="cal-now-jump"
        onClick={() => document.querySelector(".fc-timegrid-now-indicator-line")?.scrollIntoView({ block: "center" })}
      >
        Show the current time
      </button>
    );
  }
  if (!post) {
    // A draft dropped from the list, while its schedule request is on the way.
    if (!event.extendedProps.draftId) return null;
    return (
      <div className="cal-ev-body" data-draft-id={event.extendedProps.draftId} aria-busy="true">
        <div className="cal-ev-meta">
          {timeText ? <span className="cal-ev-time">{timeText}</span> : null}
          <span className="cal-status cal-status-draft">Scheduling…</span>
        </div>
        <p className="cal-ev-text">{event.title}</p>
      </div>
    );
  }
  const list = view.type.startsWith("list");
  const chip = chipStateOf(post);
  // Failing channels only count on a settled post (chipStateOf): once scheduled again, the new run is what matters.
  const failing = chip.mark ? (post.outcome?.failing ?? []) : [];
  const failingOf = (channelId: string) => failing.find((f) => f.id === channelId);
  // A failing channel deleted since is no longer on the post: still named on the chip.
  const gone = failing.filter((f) => !post.channels.some((c) => c.id === f.id));
  const channels = [...post.channels, ...gone];
  return (
    <div
      className="cal-ev-body"
      data-post-id={post.id}
      data-status={post.status}
      data-outcome={post.outcome?.state ?? undefined}
    >
      <div className="cal-ev-meta">
        {!list && timeText ? <span className="cal-ev-time">{timeText}</span> : null}
        <span className={`cal-status cal-status-${chip.key}`}>
          {chip.mark ? (
            <span className="cal-status-mark" aria-hidden="true">
              {chip.mark}{" "}
            </span>
          ) : null}
          {chip.label}
        </span>
      </div>
      <div className="cal-ev-main">
        <PostThumbnail post={post} className="cal-ev-thumb" />
        <p className="cal-ev-text">
          <span className="cal-ev-channels">
            {channels.map((c) => {
              const f = failingOf(c.id);
              if (!f) return <ChannelAvatar key={c.id} channel={c} />;
              const word = f.status === "UNCONFIRMED" ? "unconfirmed" : "failed";
              return (
                <span key={c.id} className="cal-ev-channel-failing" data-channel-id={c.id} data-result={f.status}>
                  <ChannelAvatar channel={c} />
                  <span className="cal-ev-channel-mark" aria-hidden="true">
                    {f.status === "UNCONFIRMED" ? "?" : "✕"}
                  </span>
                  <span className="visually-hidden">{` ${word}`}</span>
                </span>
              );
            })}
          </span>{" "}
          {post.content || <em>No text</em>}
        </p>
      </div>
    </div>
  );
}
