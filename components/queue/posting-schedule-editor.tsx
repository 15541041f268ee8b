"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { zoneLabel } from "@/components/calendar/time-zones";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import type { ChannelView } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import { type SlotView, usePostingSchedule, useSavePostingSchedule } from "@/components/hooks/use-posting-queue";
import { useSession } from "@/components/hooks/use-session";
import styles from "@/components/queue/queue.module.css";
import {
  addSlots,
  isSlotTime,
  normalizeSlots,
  removeSlot,
  sameSlots,
  slotsByDay,
  WEEKDAY_NAMES,
  WEEKDAY_SHORT,
  WORKDAYS,
  weekdayOrder,
} from "@/components/queue/weekly-slots";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { formatWallTime } from "@/lib/time/format-date-time";

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/**
 * The chosen channel's weekly posting schedule (README "Queue"): its times per weekday in the workspace's zone,
 * add a time on several weekdays at once (Mon-Fri preset), remove one, "Use best times" (the API's proposal from
 * the optimal-time calculator), Save (PUT, replaces the schedule). Roles without posts:schedule see it read-only.
 */
export function PostingScheduleEditor({ channel }: { channel: ChannelView }) {
  const schedule = usePostingSchedule(channel.id);
  const save = useSavePostingSchedule(channel.id);
  const canEdit = useCan("posts:schedule");
  const { weekStart, timezone } = useSession().workspace;
  /** The edited schedule, null while nothing was changed since it was loaded or saved. */
  const [draft, setDraft] = useState<SlotView[] | null>(null);
  const [days, setDays] = useState<Set<number>>(() => new Set(WORKDAYS));
  const [time, setTime] = useState("09:00");
  const [issues, setIssues] = useState<string[]>([]);
  const ids = useId();

  if (schedule.isPending) return <LoadingRows rows={4} label="Loading the posting schedule…" />;
  if (schedule.isError)
    return (
      <ErrorState
        title="Could not load the posting schedule"
        message={schedule.error.message}
        onRetry={() => void schedule.refetch()}
      />
    );

  const saved = schedule.data.slots;
  const slots = draft ?? saved;
  const dirty = draft !== null && !sameSlots(draft, saved);
  const proposal = schedule.data.proposal;
  const order = weekdayOrder(weekStart);
  const timeOk = isSlotTime(time);

  const edit = (next: SlotView[]) => {
    setIssues([]);
    setDraft(next);
  };
  const onSave = () => {
    setIssues([]);
    save.mutate(slots, {
      onSuccess: (result) => {
        setDraft(null);
        toast.success(`Posting schedule saved: ${plural(result.slots.length, "slot")} a week`);
      },
      onError: (error) => {
        setIssues(
          error instanceof ApiRequestError && error.issues.length > 0
            ? error.issues.map((i) => `${i.path}: ${i.message}`)
            : [error.message],
        );
      },
    });
  };

  return (
    <div className={styles.editor} data-testid="posting-schedule">
      <p className={styles.hint}>
        Wall-clock times in {zoneLabel(schedule.data.timezone || timezone)} (the workspace&apos;s zone), the same every
        week through daylight saving time. &ldquo;Add to queue&rdquo; takes the next free one.
      </p>
      <ul className={styles.week} aria-label={`Posting times of ${channel.displayName}`}>
        {slotsByDay(slots, order).map(({ dayOfWeek, times }) => (
          <li key={dayOfWeek} className={styles.weekDay} data-day={dayOfWeek}>
            <span className={styles.weekDayName} title={WEEKDAY_NAMES[dayOfWeek]}>
              {WEEKDAY_SHORT[dayOfWeek]}
            </span>
            <span className={styles.times}>
              {times.length === 0 ? <span className={styles.none}>No posting time</span> : null}
              {times.map((t) => (
                <span
                  key={t}
                  className={canEdit ? styles.timeChip : `${styles.timeChip} ${styles.timeChipReadOnly}`}
                  data-slot={`${dayOfWeek}-${t}`}
                >
                  {formatWallTime(t)}
                  {canEdit ? (
                    <button
                      type="button"
                      className={styles.remove}
                      aria-label={`Remove ${WEEKDAY_NAMES[dayOfWeek]} ${formatWallTime(t)}`}
                      onClick={() => edit(removeSlot(slots, { dayOfWeek, time: t }))}
                    >
                      ×
                    </button>
                  ) : null}
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <p className={styles.hint} role="status">
        {plural(slots.length, "posting time")} a week{dirty ? " · not saved yet" : ""}
      </p>

      {canEdit ? (
        <>
          <fieldset className={styles.addForm}>
            <legend>Add a time</legend>
            <div className={styles.dayChecks}>
              {order.map((d) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    checked={days.has(d)}
                    onChange={(e) =>
                      setDays((prev) => {
                        const next = new Set(prev);
                        if (e.target.checked) next.add(d);
                        else next.delete(d);
                        return next;
                      })
                    }
                  />
                  <abbr title={WEEKDAY_NAMES[d]}>{WEEKDAY_SHORT[d]}</abbr>
                </label>
              ))}
            </div>
            <div className={styles.addRow}>
              <label htmlFor={`${ids}-time`}>
                Time
                <input
                  id={`${ids}-time`}
                  type="time"
                  step={60}
                  value={time}
                  aria-invalid={!timeOk}
                  onChange={(e) => setTime(e.target.value)}
                />
              </label>
              <button
                type="button"
                className="button"
                disabled={!timeOk || days.size === 0}
                onClick={() => edit(addSlots(slots, [...days], time))}
              >
                Add
              </button>
            </div>
          </fieldset>
          <div className={styles.buttons}>
            <button
              type="button"
              className="button"
              disabled={proposal.slots.length === 0}
              aria-describedby={`${ids}-basis`}
              onClick={() => edit(normalizeSlots(proposal.slots))}
            >
              Use best times
            </button>
            <span id={`${ids}-basis`} className={styles.hint} data-testid="proposal-basis">
              {proposal.fallback
                ? "Best times from platform defaults (too few of your posts to go by yet)"
                : `Best times from ${proposal.basedOnPosts} of your post${proposal.basedOnPosts === 1 ? "" : "s"}`}
            </span>
          </div>
          {issues.length > 0 ? (
            <div className="form-error" role="alert">
              The schedule was not saved:
              <ul className={styles.issues}>
                {issues.map((i) => (
                  <li key={i}>{i}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className={styles.buttons}>
            <button
              type="button"
              className="button primary"
              disabled={!dirty || save.isPending}
              aria-busy={save.isPending}
              onClick={onSave}
            >
              {save.isPending ? "Saving…" : "Save schedule"}
            </button>
            {dirty ? (
              <button
                type="button"
                className="button"
                disabled={save.isPending}
                onClick={() => {
                  setIssues([]);
                  setDraft(null);
                }}
              >
                Discard changes
              </button>
            ) : null}
          </div>
        </>
      ) : (
        <p className={styles.hint} role="note">
          Your role can see the posting schedule but not change it.
        </p>
      )}
    </div>
  );
}
