"use client";

import Link from "next/link";
import { Popover } from "radix-ui";
import { useState } from "react";
import { useMarkNotificationsRead, useNotifications } from "@/components/hooks/use-notifications";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { NotificationView } from "@/lib/schemas/notifications";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Where a notification leads: its post on the calendar, else the channel on the Channels page. */
function hrefOf(n: NotificationView): string | null {
  if (n.postId) return `/?post=${encodeURIComponent(n.postId)}`;
  if (n.channelId) return "/settings/channels";
  return null;
}

/**
 * The bell in the top bar: my unread notifications in this workspace (GET /api/notifications, re-read every few
 * seconds like Needs attention), opening the list newest first; a notification opens its post (and is marked read),
 * "Mark all read" clears the count.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = notifications.data?.unreadCount ?? 0;
  const label = unread === 0 ? "no unread notifications" : `${unread} unread`;
  let body: React.ReactNode;
  if (notifications.isPending) body = <LoadingRows rows={3} label="Loading notifications…" />;
  else if (!notifications.data)
    body = (
      <ErrorState
        title="Could not load notifications"
        message={notifications.error?.message ?? "No answer"}
        onRetry={() => void notifications.refetch()}
      />
    );
  else if (notifications.data.notifications.length === 0)
    body = <p className="muted">No notifications yet. Failed posts and channels to reconnect show up here.</p>;
  else
    body = (
      <ul className="attention-list" aria-label="Notifications">
        {notifications.data.notifications.map((n) => {
          const href = hrefOf(n);
          const read = () => {
            if (!n.readAt) markRead.mutate({ ids: [n.id] });
            setOpen(false);
          };
          const content = (
            <>
              <span className="notification-title">{n.title}</span>
              <time className="muted notification-time" dateTime={n.createdAt}>
                {when(n.createdAt)}
              </time>
            </>
          );
          return (
            <li
              key={n.id}
              className={`attention-item notification-item${n.readAt ? "" : " notification-unread"}`}
              data-notification-id={n.id}
              data-kind={n.kind}
              data-read={n.readAt ? "true" : "false"}
            >
              {href ? (
                <Link href={href} className="notification-link" onClick={read}>
                  {content}
                </Link>
              ) : (
                <button type="button" className="notification-link" onClick={read}>
                  {content}
                </button>
              )}
              {n.body ? <span className="notification-body">{n.body}</span> : null}
            </li>
          );
        })}
      </ul>
    );
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className={`button attention-trigger notification-trigger${unread > 0 ? " attention-trigger-on" : ""}`}
          data-count={unread}
          title={`Notifications: ${label}`}
        >
          {/* An inline drawing, not the 🔔 emoji: a server without an emoji font (Debian's chromium) drew a box. */}
          <svg
            aria-hidden="true"
            className="notification-bell-icon"
            viewBox="0 0 24 24"
            width="16"
            height="16"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          <span className="attention-label">Notifications</span>
          <span className="attention-count">{unread}</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="popover attention-popover"
          align="end"
          sideOffset={6}
          aria-labelledby="notifications-heading"
        >
          <section className="card attention-panel" aria-labelledby="notifications-heading">
            <div className="card-head">
              <h2 id="notifications-heading">Notifications</h2>
              <button
                type="button"
                className="button"
                disabled={unread === 0 || markRead.isPending}
                aria-busy={markRead.isPending}
                onClick={() => markRead.mutate({ all: true })}
              >
                Mark all read
              </button>
            </div>
            {markRead.isError ? (
              <p className="form-error" role="alert">
                {markRead.error.message}
              </p>
            ) : null}
            {body}
            <p className="muted">
              <Link href="/settings/notifications" onClick={() => setOpen(false)}>
                Choose what reaches you
              </Link>
            </p>
          </section>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
