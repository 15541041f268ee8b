"use client";

import { Tooltip } from "radix-ui";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  DAY_SHORT,
  describeSlot,
  hasNoData,
  hourLabel,
  isLowConfidence,
  type ScaleStep,
  scoreScale,
  stepFor,
  WEEK_ROWS,
} from "@/components/heatmap/heatmap-scale";
import styles from "@/components/heatmap/optimal-time-heatmap.module.css";
import { type OptimalSlot, useOptimalTimes } from "@/components/hooks/use-optimal-times";
import { ErrorState } from "@/components/ui/panel-state";

export type OptimalTimeHeatmapProps = {
  platform: string;
  timezone: string;
  /** When given, every cell is a button: clicking (or Enter/Space) picks that weekday and hour in `timezone`. */
  onPick?: (dayOfWeek: number, hour: number) => void;
  /** Smaller cells without numbers, for the composer's side panel. */
  compact?: boolean;
};

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * The 7×24 optimal-time heatmap for one platform in one zone: rows Monday…Sunday, columns hours 00-23, colour =
 * score on a five-step sequential scale (with the number in the cell, so colour is never the only signal).
 * One tab stop: arrow keys move between cells (roving tabindex), the tooltip follows focus.
 */
export function OptimalTimeHeatmap({ platform, timezone, onPick, compact = false }: OptimalTimeHeatmapProps) {
  const query = useOptimalTimes({ platform, timezone });
  const [active, setActive] = useState<{ row: number; col: number } | null>(null);
  const gridRef = useRef<HTMLTableElement>(null);

  const data = query.data;
  const fallback = data?.fallback ?? false;
  const best = data?.slots[0];
  const scrollerRef = useRef<HTMLDivElement>(null);
  // On a narrow screen the grid scrolls sideways: bring the best cell into view once the data is there.
  const bestSlot = best ? `${best.dayOfWeek}-${best.hour}` : null;
  useEffect(() => {
    const scroller = scrollerRef.current;
    const cell = bestSlot ? scroller?.querySelector<HTMLElement>(`[data-slot="${bestSlot}"]`) : null;
    if (!scroller || !cell || scroller.scrollWidth <= scroller.clientWidth) return;
    const offset = cell.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
    scroller.scrollLeft += offset - scroller.clientWidth / 2 + cell.offsetWidth / 2;
  }, [bestSlot]);
  const scale = useMemo(() => (data ? scoreScale(data.grid, data.fallback) : null), [data]);
  const focusCell = useCallback((row: number, col: number) => {
    setActive({ row, col });
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${row}-${col}"]`)?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const current = active ?? defaultActive(best);
    const moves: Record<string, [number, number]> = {
      ArrowUp: [current.row - 1, current.col],
      ArrowDown: [current.row + 1, current.col],
      ArrowLeft: [current.row, current.col - 1],
      ArrowRight: [current.row, current.col + 1],
      Home: [current.row, 0],
      End: [current.row, 23],
      PageUp: [0, current.col],
      PageDown: [6, current.col],
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    focusCell(Math.min(6, Math.max(0, next[0])), Math.min(23, Math.max(0, next[1])));
  };

  if (query.isError) {
    return (
      <div className={styles.root}>
        <ErrorState
          title="Could not load posting times"
          message={query.error.message}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }

  const tabStop = active ?? defaultActive(best);
  const cells = data ? byCell(data.grid) : null;
  const labelId = `heatmap-label-${platform}`;

  return (
    <div className={`${styles.root} ${compact ? styles.compact : ""}`} data-testid="optimal-time-heatmap">
      <p id={labelId} className={styles.caption}>
        Best times to post on {titleCase(platform)} · rows: day of week (Mon–Sun) · columns: hour of day in{" "}
        <strong>{timezone}</strong>
      </p>
      {fallback ? (
        <p className={styles.fallback} role="note" data-testid="heatmap-fallback">
          <strong>Suggested defaults — not enough data yet.</strong>{" "}
          {compact
            ? "Common rules of thumb until your posts have engagement history."
            : "These are commonly published rules of thumb for this platform, not measurements of your audience. They are replaced by your own data once at least 10 published posts have engagement metrics."}
        </p>
      ) : null}
      <Tooltip.Provider delayDuration={150} skipDelayDuration={300}>
        <div className={styles.scroller} ref={scrollerRef}>
          <table
            ref={gridRef}
            aria-labelledby={labelId}
            aria-busy={!data}
            className={styles.grid}
            onKeyDown={onKeyDown}
          >
            <thead>
              <tr>
                <th scope="col" className={styles.corner}>
                  <span className="visually-hidden">Day</span>
                </th>
                {HOURS.map((hour) => (
                  <th key={hour} scope="col" className={styles.hourHead} abbr={hourLabel(hour)}>
                    <span aria-hidden="true">{compact && hour % 3 !== 0 ? "" : String(hour).padStart(2, "0")}</span>
                    <span className="visually-hidden">{hourLabel(hour)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEK_ROWS.map((dayOfWeek, row) => (
                <tr key={dayOfWeek}>
                  <th scope="row" className={styles.dayHead}>
                    {DAY_SHORT[dayOfWeek]}
                  </th>
                  {HOURS.map((hour, col) => {
                    const slot = cells?.[dayOfWeek * 24 + hour];
                    return (
                      <td key={hour} className={styles.cellWrap}>
                        {slot ? (
                          <HeatCell
                            slot={slot}
                            step={stepFor(scale ?? [], slot.score)}
                            fallback={fallback}
                            isBest={best?.dayOfWeek === dayOfWeek && best?.hour === hour}
                            compact={compact}
                            tabbable={tabStop.row === row && tabStop.col === col}
                            cellKey={`${row}-${col}`}
                            onFocus={() => setActive({ row, col })}
                            onPick={onPick}
                          />
                        ) : (
                          <span className={`${styles.cell} ${styles.placeholder}`} aria-hidden="true" />
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Tooltip.Provider>
      {data ? null : (
        <p className="visually-hidden" role="status">
          Loading posting times…
        </p>
      )}
      <Legend compact={compact} scale={scale} fallback={fallback} />
      {compact && data && !fallback ? (
        <p className={styles.meta} data-testid="heatmap-basis">
          Based on {data.basedOnPosts.toLocaleString()} published {data.basedOnPosts === 1 ? "post" : "posts"} in the
          last {data.windowDays} days.
        </p>
      ) : null}
    </div>
  );
}

function HeatCell({
  slot,
  step,
  fallback,
  isBest,
  compact,
  tabbable,
  cellKey,
  onFocus,
  onPick,
}: {
  slot: OptimalSlot;
  step: ScaleStep;
  fallback: boolean;
  isBest: boolean;
  compact: boolean;
  tabbable: boolean;
  cellKey: string;
  onFocus: () => void;
  onPick?: (dayOfWeek: number, hour: number) => void;
}) {
  const low = isLowConfidence(slot, fallback);
  const empty = hasNoData(slot, fallback);
  const { label, details } = describeSlot(slot, fallback);
  const fullLabel = [label, ...(isBest ? ["best slot"] : []), ...details].join(", ");
  const className = [
    styles.cell,
    low ? styles.low : "",
    empty ? styles.noData : "",
    isBest ? styles.best : "",
    onPick ? styles.pickable : "",
  ]
    .filter(Boolean)
    .join(" ");
  const common = {
    className,
    style: empty ? undefined : { backgroundColor: step.color, color: step.ink },
    tabIndex: tabbable ? 0 : -1,
    "aria-label": fullLabel,
    "data-cell": cellKey,
    "data-slot": `${slot.dayOfWeek}-${slot.hour}`,
    "data-score": Math.round(slot.score),
    "data-best": isBest ? "true" : undefined,
    "data-low-confidence": low ? "true" : undefined,
    "data-no-data": empty ? "true" : undefined,
    onFocus,
  };
  const inner = (
    <>
      {compact || (fallback && slot.score === 0) ? null : (
        <span aria-hidden="true">{empty ? "–" : Math.round(slot.score)}</span>
      )}
      {isBest ? (
        <span className={styles.star} aria-hidden="true">
          ★
        </span>
      ) : null}
    </>
  );
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        {onPick ? (
          <button type="button" {...common} onClick={() => onPick(slot.dayOfWeek, slot.hour)}>
            {inner}
          </button>
        ) : (
          // role="img": a labelled, focusable picture of one cell (aria-label is not allowed on a bare span).
          <span role="img" {...common}>
            {inner}
          </span>
        )}
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className={styles.tooltip} sideOffset={6} collisionPadding={8}>
          <strong>{label}</strong>
          {isBest ? <span> ★ best</span> : null}
          {details.map((line) => (
            <span key={line} className={styles.tooltipLine}>
              {line}
            </span>
          ))}
          {onPick ? <span className={styles.tooltipHint}>Click to use the next {label.split(",")[0]}</span> : null}
          <Tooltip.Arrow className={styles.tooltipArrow} />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

function Legend({ compact, scale, fallback }: { compact: boolean; scale: ScaleStep[] | null; fallback: boolean }) {
  return (
    <div className={styles.legend}>
      <span className={styles.legendTitle}>Score</span>
      <ul className={styles.legendScale} aria-label="Score colours, low to high">
        {(scale ?? []).map((step) => (
          <li key={step.from}>
            <span className={styles.swatch} style={{ background: step.color }} aria-hidden="true" />
            {step.label}
          </li>
        ))}
      </ul>
      <ul className={styles.legendMarks}>
        {fallback ? null : (
          <>
            <li>
              <span className={`${styles.swatch} ${styles.swatchLow}`} aria-hidden="true" />
              {compact ? "1 post" : "Hatched: low confidence (1 post)"}
            </li>
            <li>
              <span className={`${styles.swatch} ${styles.swatchEmpty}`} aria-hidden="true" />
              {compact ? "No posts" : "Grey “–”: no posts yet"}
            </li>
          </>
        )}
        <li>
          <span className={styles.legendStar} aria-hidden="true">
            ★
          </span>
          Best slot
        </li>
      </ul>
      {fallback || compact ? null : (
        <p className={styles.scaleNote}>Scores are relative to your best slot (100); colours span this grid’s range.</p>
      )}
    </div>
  );
}

function byCell(grid: OptimalSlot[]): Array<OptimalSlot | undefined> {
  const cells = new Array<OptimalSlot | undefined>(168);
  for (const slot of grid) cells[slot.dayOfWeek * 24 + slot.hour] = slot;
  return cells;
}

/** The first tab stop: the best cell when there is one, so keyboard users land on the answer. */
function defaultActive(best: OptimalSlot | undefined) {
  if (!best) return { row: 0, col: 0 };
  return { row: WEEK_ROWS.indexOf(best.dayOfWeek as (typeof WEEK_ROWS)[number]), col: best.hour };
}

const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase();
