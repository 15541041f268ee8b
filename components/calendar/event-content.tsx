import type { EventContentArg } from "@fullcalendar/core";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { STATUS_LABEL } from "@/components/calendar/status";
import type { PostView } from "@/components/hooks/api-types";

/**
 * The post's first media item as a small square (20 px on the grid, 28 px in the list view), or nothing. Its alt text
 * is the item's own, or empty (decorative) when the post gave none: the post's text follows right after it.
 */
export function PostThumbnail({ post, className }: { post: PostView; className: string }) {
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
 * One post on the grid: local time, status as a word (the colour repeats it), then its first thumbnail, channel
 * badges and the text.
 */
export function EventContent({ event, timeText, view }: EventContentArg) {
  const post = event.extendedProps.post as PostView | undefined;
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
  return (
    <div className="cal-ev-body" data-post-id={post.id} data-status={post.status}>
      <div className="cal-ev-meta">
        {!list && timeText ? <span className="cal-ev-time">{timeText}</span> : null}
        <span className={`cal-status cal-status-${post.status.toLowerCase()}`}>{STATUS_LABEL[post.status]}</span>
      </div>
      <div className="cal-ev-main">
        <PostThumbnail post={post} className="cal-ev-thumb" />
        <p className="cal-ev-text">
          <span className="cal-ev-channels">
            {post.channels.map((c) => (
              <PlatformBadge key={c.id} platform={c.platform} displayName={c.displayName} />
            ))}
          </span>{" "}
          {post.content || <em>No text</em>}
        </p>
      </div>
    </div>
  );
}
