"use client";

import { createPortal } from "react-dom";
import { accountLabelOf, ChannelAvatar } from "@/components/calendar/channel-avatar";
import { PostThumbnail } from "@/components/calendar/event-content";
import { channelStateOf, chipStateOf } from "@/components/calendar/status";
import type { CalendarPostView } from "@/components/hooks/use-calendar-posts";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

export const HOVER_CARD_ID = "cal-hover-card";
const WIDTH = 320;
const GAP = 8;

/** Where the card goes beside `anchor` (viewport px): right of it if it fits, else left, kept inside the window. */
function placeBeside(anchor: DOMRect): { left: number; top: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  let left = anchor.right + GAP;
  if (left + WIDTH > vw - GAP) left = anchor.left - GAP - WIDTH;
  if (left < GAP) left = Math.max(GAP, Math.min(vw - WIDTH - GAP, anchor.left));
  const top = Math.max(GAP, Math.min(anchor.top, vh - 260));
  return { left, top };
}

/**
 * A post's details beside its chip while the pointer rests on it or it has keyboard focus: when (in the calendar's
 * zone), status, the whole text, the first thumbnail, and every channel with its account (avatar, name, handle,
 * network) and its state (channelStateOf). Read-only and never in the pointer's way; a click still opens the post.
 */
export function PostHoverCard({
  post,
  anchor,
  when,
}: {
  post: CalendarPostView;
  anchor: DOMRect;
  /** The post's time as the calendar shows it, e.g. "Tue 1 Dec, 09:00". */
  when: string;
}) {
  const chip = chipStateOf(post);
  const failing = chip.mark ? (post.outcome?.failing ?? []) : [];
  const gone = failing.filter((f) => !post.channels.some((c) => c.id === f.id));
  const channels = [...post.channels, ...gone.map((f) => ({ ...f, result: f.status }))];
  const { left, top } = placeBeside(anchor);
  return createPortal(
    <div
      id={HOVER_CARD_ID}
      role="tooltip"
      className="cal-hover-card"
      style={{ left, top, width: WIDTH }}
      data-post-id={post.id}
    >
      <div className="cal-hover-head">
        <span className="cal-hover-when">{when}</span>
        <span className={`cal-status cal-status-${chip.key}`}>
          {chip.mark ? <span aria-hidden="true">{chip.mark} </span> : null}
          {chip.label}
        </span>
      </div>
      <div className="cal-hover-body">
        <PostThumbnail post={post} className="cal-hover-thumb" />
        <p className="cal-hover-text">{post.content || <em>No text</em>}</p>
      </div>
      <ul className="cal-hover-channels" aria-label="Channels">
        {channels.map((c) => {
          const state = channelStateOf(post, c.result);
          return (
            <li key={c.id} data-channel-id={c.id}>
              <ChannelAvatar channel={c} size={22} decorative />
              <span className="cal-hover-account">
                <span className="cal-hover-name">{c.displayName}</span>
                <span className="cal-hover-handle">
                  {c.accountName && c.accountName !== c.displayName ? `${c.accountName} · ` : ""}
                  {PLATFORM_NAMES[c.platform]}
                  {c.deleted ? " · deleted" : !c.active ? " · paused" : ""}
                </span>
              </span>
              <span className={`cal-status cal-status-${state.key}`} title={accountLabelOf(c)}>
                {state.label}
              </span>
            </li>
          );
        })}
      </ul>
    </div>,
    document.body,
  );
}
