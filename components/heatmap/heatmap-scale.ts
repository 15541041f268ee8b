import type { OptimalSlot } from "@/lib/schemas/optimal-times";

/** Rows top to bottom: Monday first (ISO week), as most calendars outside the US show it. 0 = Sunday in the API. */
export const WEEK_ROWS = [1, 2, 3, 4, 5, 6, 0] as const;
export const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const DAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * confidence = n / (n + 5): below 0.25 a cell rests on at most one post, so its score is mostly the overall mean
 * (shrinkage) and it is marked as a guess, not a finding. (0.5 would hatch nearly every cell of a typical
 * 90-day history, which spreads a few hundred posts over 168 cells.)
 */
export const LOW_CONFIDENCE = 0.25;

/** Five sequential colours (ColorBrewer Blues), light = low, dark = high, with a readable ink on each. */
const STEP_COLORS = [
  { color: "#eff3ff", ink: "#1b1f24" },
  { color: "#c6dbef", ink: "#1b1f24" },
  { color: "#6baed6", ink: "#1b1f24" },
  { color: "#2171b5", ink: "#ffffff" },
  { color: "#08306b", ink: "#ffffff" },
] as const;

export type ScaleStep = { from: number; to: number; label: string; color: string; ink: string };

/** A cell with no posts of its own: its score is only the overall mean (shrinkage), so it is not coloured. */
export const hasNoData = (slot: OptimalSlot, fallback: boolean) => !fallback && slot.sampleSize === 0;

/**
 * The colour scale over the scores this grid actually has (cells with posts; every cell for fallback defaults),
 * in five equal steps. Scores are relative to the best cell, so a real grid often spans 85-100: a fixed 0-100
 * scale would paint it all one colour and hide the answer. The legend prints each step's score range.
 */
export function scoreScale(grid: readonly OptimalSlot[], fallback: boolean): ScaleStep[] {
  const scores = grid.filter((s) => !hasNoData(s, fallback)).map((s) => s.score);
  const lo = scores.length ? Math.floor(Math.min(...scores)) : 0;
  const hi = scores.length ? Math.ceil(Math.max(...scores)) : 100;
  if (hi - lo < STEP_COLORS.length) {
    const top = STEP_COLORS[STEP_COLORS.length - 1] ?? STEP_COLORS[0];
    return [{ from: lo, to: hi, label: lo === hi ? `${hi}` : `${lo}–${hi}`, ...top }];
  }
  const width = (hi - lo) / STEP_COLORS.length;
  return STEP_COLORS.map((c, i) => {
    const from = lo + i * width;
    const to = i === STEP_COLORS.length - 1 ? hi : lo + (i + 1) * width;
    return { from, to, label: `${Math.round(from)}–${Math.round(to)}`, ...c };
  });
}

export function stepFor(scale: readonly ScaleStep[], score: number): ScaleStep {
  let step = scale[0] as ScaleStep;
  for (const s of scale) if (score >= s.from) step = s;
  return step;
}

export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** Engagement is a rate (interactions / reach): shown as a percentage. */
export function formatEngagement(rate: number | null): string {
  if (rate === null) return "no data";
  return `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)}%`;
}

export const isLowConfidence = (slot: OptimalSlot, fallback: boolean) =>
  !fallback && slot.sampleSize > 0 && slot.confidence < LOW_CONFIDENCE;

/** What a screen reader hears and the tooltip shows for one cell. */
export function describeSlot(slot: OptimalSlot, fallback: boolean): { label: string; details: string[] } {
  const day = DAY_NAMES[slot.dayOfWeek] ?? "";
  const label = `${day} ${hourLabel(slot.hour)}, score ${Math.round(slot.score)}`;
  if (fallback)
    return {
      label,
      details: [slot.score > 0 ? "Suggested default — not measured on your posts" : "Not among the suggested defaults"],
    };
  if (slot.sampleSize === 0)
    return {
      label: `${day} ${hourLabel(slot.hour)}, no posts yet`,
      details: [`Score ${Math.round(slot.score)} is only the overall average`, "Confidence 0%"],
    };
  const details = [
    `Average engagement ${formatEngagement(slot.avgEngagement)}`,
    `${slot.sampleSize} ${slot.sampleSize === 1 ? "post" : "posts"}`,
    `Confidence ${Math.round(slot.confidence * 100)}%${isLowConfidence(slot, fallback) ? " (low)" : ""}`,
  ];
  return { label, details };
}
