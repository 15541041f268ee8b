import { DAY_NAMES, formatEngagement, hourLabel, isLowConfidence } from "@/components/heatmap/heatmap-scale";
import styles from "@/components/insights/insights.module.css";
import type { OptimalSlot } from "@/lib/schemas/optimal-times";

/** The best slots as a ranked list: the same answer as the heatmap, in words. */
export function TopSlots({ slots, fallback, limit = 10 }: { slots: OptimalSlot[]; fallback: boolean; limit?: number }) {
  const shown = slots.slice(0, limit);
  return (
    <ol className={styles.slots} data-testid="top-slots">
      {shown.map((slot, i) => {
        const low = isLowConfidence(slot, fallback);
        return (
          <li key={`${slot.dayOfWeek}-${slot.hour}`} className={styles.slot}>
            <span className={styles.rank} aria-hidden="true">
              {i + 1}
            </span>
            <span className={styles.slotWhen}>
              <span className="visually-hidden">Rank {i + 1}: </span>
              {DAY_NAMES[slot.dayOfWeek]} {hourLabel(slot.hour)}
            </span>
            <span className={styles.slotScore}>
              <span className={styles.scoreBar} aria-hidden="true">
                <span style={{ width: `${Math.max(2, Math.min(100, slot.score))}%` }} />
              </span>
              score {Math.round(slot.score)}
            </span>
            <span className={styles.slotFacts}>
              {fallback ? (
                "default, not measured"
              ) : (
                <>
                  {formatEngagement(slot.avgEngagement)} · {slot.sampleSize} {slot.sampleSize === 1 ? "post" : "posts"}
                  {low ? <span className={styles.lowTag}>low confidence</span> : null}
                </>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
