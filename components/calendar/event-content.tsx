import type { EventContentArg } from "@fullcalendar/core";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { STATUS_LABEL } from "@/components/calendar/status";
import type { PostView } from "@/components/hooks/api-types";

/** One post on the grid: local time, status as a word (the colour repeats it), channel badges, then the text. */
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
      <p className="cal-ev-text">
        <span className="cal-ev-channels">
          {post.channels.map((c) => (
            <PlatformBadge key={c.id} platform={c.platform} displayName={c.displayName} />
          ))}
        </span>{" "}
        {post.content || <em>No text</em>}
      </p>
    </div>
  );
}
