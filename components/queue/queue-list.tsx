"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { wallClockIn } from "@/components/calendar/calendar-events";
import type { ChannelView } from "@/components/hooks/use-channels";
import {
  type QueueEntryView,
  type QueuePostView,
  type ReorderBody,
  useReorderQueue,
} from "@/components/hooks/use-posting-queue";
import { excerptOf } from "@/components/queue/excerpt";
import styles from "@/components/queue/queue.module.css";
import {
  applyReorder,
  dayHeading,
  groupByDay,
  reorderablePosts,
  reorderBody,
  wallTimeOf,
} from "@/components/queue/queue-days";
import { QueuePostRow } from "@/components/queue/queue-post-row";
import { reorderedMessage } from "@/components/queue/reordered-message";
import { formatWallTime } from "@/lib/time/format-date-time";

const UNDO_MS = 10_000;

const SCREEN_READER_INSTRUCTIONS =
  "To move a post to another post's time, press Space or Enter on its handle, move it with the Up and Down arrow " +
  "keys, then press Space or Enter to drop it, or Escape to cancel.";

/**
 * The upcoming queue (README "Queue"), by day in the workspace's zone: each slot occurrence ("09:15 · Empty slot ·
 * + New post") and each post at it; posts at other times marked "Custom time". Posts waiting for their time can be
 * dragged (pointer, or keyboard through dnd-kit's sortable) onto another post's place: the dragged post takes that
 * time and the posts between move one place, through POST /api/queue/reorder, shown at once, with an Undo toast that sends the API's
 * `undo` body.
 */
export function QueueList({
  entries,
  timezone,
  channelsById,
  canReorder,
  canShare,
  onNewPost,
  onEdit,
}: {
  entries: QueueEntryView[];
  timezone: string;
  channelsById: Map<string, ChannelView>;
  canReorder: boolean;
  canShare: boolean;
  /** Opens the composer at an empty slot (null: the role cannot write posts). */
  onNewPost: ((entry: QueueEntryView) => void) | null;
  onEdit: (postId: string) => void;
}) {
  const reorder = useReorderQueue();
  const dndId = useId();
  /** The order just dropped, shown until the API answers and the list is read again. */
  const [pending, setPending] = useState<QueueEntryView[] | null>(null);
  const shown = pending ?? entries;
  // What the server holds now, for an Undo clicked after the list was read again.
  const latest = useRef(entries);
  useEffect(() => {
    latest.current = entries;
  }, [entries]);
  const posts = useMemo(() => reorderablePosts(shown), [shown]);
  const ids = posts.map((p) => p.id);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const today = wallClockIn(new Date(), timezone).slice(0, 10);
  const entryOfPost = new Map(shown.flatMap((e) => e.posts.map((p) => [p.id, e] as const)));
  const whenOf = (entry: QueueEntryView | undefined) =>
    entry ? `${dayHeading(entry.atLocal.slice(0, 10), today)}, ${formatWallTime(wallTimeOf(entry))}` : "";
  const postWhen = (id: UniqueIdentifier) => whenOf(entryOfPost.get(String(id)));
  const nameOf = (id: UniqueIdentifier) => excerptOf(posts.find((p) => p.id === id)?.content ?? "", 40);

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up “${nameOf(active.id)}”, now ${postWhen(active.id)}.`,
    // Over its own place (as a keyboard drag starts): nothing new to say, so "Picked up" is still heard.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? `“${nameOf(active.id)}” would take ${postWhen(over.id)}.`
          : "Not over a post: dropping keeps its time.",
    onDragEnd: ({ active, over }) =>
      over && over.id !== active.id
        ? `“${nameOf(active.id)}” dropped: it takes ${postWhen(over.id)}; the posts between move one place.`
        : `“${nameOf(active.id)}” dropped where it was.`,
    onDragCancel: ({ active }) => `Moving cancelled: “${nameOf(active.id)}” keeps ${postWhen(active.id)}.`,
  };

  const send = async (body: ReorderBody, base: QueueEntryView[], done: (result: ReorderBody) => void) => {
    setPending(applyReorder(base, body.order));
    try {
      const result = await reorder.mutateAsync(body);
      done(result.undo);
    } catch (error) {
      toast.error(`Not reordered: ${error instanceof Error ? error.message : "something went wrong"}`);
    } finally {
      // The hook refetched the queue before mutateAsync settled: the list now shows what the server holds.
      setPending(null);
    }
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || reorder.isPending) return;
    const body = reorderBody(posts, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    if (!body) return;
    void send(body, shown, (undo) =>
      toast.success(reorderedMessage(body.order.length), {
        duration: UNDO_MS,
        action: {
          label: "Undo",
          onClick: () => void send(undo, latest.current, () => toast.success("Order restored")),
        },
      }),
    );
  };

  const days = groupByDay(shown);
  return (
    <DndContext
      id={dndId}
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: SCREEN_READER_INSTRUCTIONS } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <div className={styles.days} aria-busy={reorder.isPending}>
          {days.map((day) => (
            <section key={day.date} aria-labelledby={`queue-day-${day.date}`} data-date={day.date}>
              <h3 id={`queue-day-${day.date}`} className={styles.dayTitle}>
                {dayHeading(day.date, today)}
              </h3>
              <ol className={styles.entries}>
                {day.entries.map((entry) => (
                  <li key={entry.at} className={styles.entry} data-at={entry.at} data-slot={entry.slot}>
                    <span className={styles.time}>
                      {formatWallTime(wallTimeOf(entry))}
                      <span className={styles.kind}>{entry.slot ? "Slot" : "Custom time"}</span>
                    </span>
                    <div className={styles.entryBody}>
                      {entry.posts.map((post: QueuePostView) => (
                        <QueuePostRow
                          key={post.id}
                          post={post}
                          when={whenOf(entry)}
                          channelsById={channelsById}
                          sortable={canReorder && ids.includes(post.id) && ids.length > 1}
                          canShare={canShare}
                          onEdit={() => onEdit(post.id)}
                        />
                      ))}
                      {entry.slot && entry.posts.length === 0 ? (
                        <div className={styles.emptySlot}>
                          <span>Empty slot</span>
                          {onNewPost ? (
                            <button
                              type="button"
                              className="button"
                              onClick={() => onNewPost(entry)}
                              aria-label={`New post at ${whenOf(entry)}`}
                            >
                              + New post
                            </button>
                          ) : null}
                        </div>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      </SortableContext>
    </DndContext>
  );
}
