"use client";

import { nextOccurrence } from "@/components/composer/next-occurrence";
import { DAY_SHORT, hourLabel } from "@/components/heatmap/heatmap-scale";
import styles from "@/components/insights/insights.module.css";
import { formatDateTime } from "@/lib/time/format-date-time";

export type PickedSlot = { dayOfWeek: number; hour: number };

/**
 * After a heatmap cell is clicked: the next time that weekday and hour comes round in `timezone` (strictly in the
 * future, DST-correct: components/composer/next-occurrence.ts), and a button that opens the composer there. The
 * slot is worked out again at the click, so an offer left open past its hour still schedules in the future.
 */
export function SlotOffer({
  slot,
  timezone,
  onSchedule,
  onDismiss,
}: {
  slot: PickedSlot;
  timezone: string;
  onSchedule: (at: { date: string; time: string; timezone: string }) => void;
  onDismiss: () => void;
}) {
  const next = nextOccurrence({ ...slot, timeZone: timezone });
  const name = `${DAY_SHORT[slot.dayOfWeek]} ${hourLabel(slot.hour)}`;
  return (
    <section className={styles.offer} aria-label={`Slot ${name}`} data-testid="slot-offer">
      <p role="status">
        {next ? (
          <>
            Next <strong>{name}</strong> in {timezone}:{" "}
            <time dateTime={next.instant.toISOString()}>
              {formatDateTime(next.instant, { timeZone: timezone, now: new Date() })}
            </time>
          </>
        ) : (
          `${name} does not occur in ${timezone} in the next ten years.`
        )}
      </p>
      {next ? (
        <button
          type="button"
          className="button primary"
          onClick={() => {
            const fresh = nextOccurrence({ ...slot, timeZone: timezone }) ?? next;
            onSchedule({ date: fresh.date, time: fresh.time, timezone });
          }}
        >
          Schedule a post at this slot
        </button>
      ) : null}
      <button type="button" className="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
