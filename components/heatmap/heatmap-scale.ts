import type { OptimalSlot } from "@/lib/schemas/optimal-times";

/** Rows top to bottom: Monday first (ISO week), as most calendars outside the US show it. 0 = Sunday in the API. */
export const WEEK_ROWS = [1, 2, 3, 4, 5, 6, 0] as const;
export const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const DAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/**
 * A cell below this confidence rests on fewer than SHRINKAGE_K (5) posts: its score is mostly the overall mean,
 * so it is marked as an estimate, not a finding.
 */
export const LOW_CONFIDENCE = 0.5;

/** Sequential scale in five steps of 20 points (ColorBrewer Blues), light = low, dark = high. */
export const SCORE_STEPS = [
  { min: 0, label: "0–19", color: "#eff3ff", ink: "#1b1f24" },
  { min: 20, label: "20–39", color: "#c6dbef", ink: "#1b1f24" },
  { min: 40, label: "40–59", color: "#6baed6", ink: "#1b1f24" },
  { min: 60, label: "60–79", color: "#2171b5", ink: "#ffffff" },
  { min: 80, label: "80–100", color: "#08306b", ink: "#ffffff" },
] as const;

export function scoreStep(score: number) {
  let step: (typeof SCORE_STEPS)[number] = SCORE_STEPS[0];
  for (const s of SCORE_STEPS) if (score >= s.min) step = s;
  return step;
}

export const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** Engagement is a rate (interactions / reach): shown as a percentage. */
export function formatEngagement(rate: number | null): string {
  if (rate === null) return "no data";
  return `${(rate * 100).toFixed(rate < 0.1 ? 2 : 1)}%`;
}

export const isLowConfidence = (slot: OptimalSlot, fallback: boolean) => !fallback && slot.confidence < LOW_CONFIDENCE;

/** What a screen reader hears and the tooltip shows for one cell. */
export function describeSlot(slot: OptimalSlot, fallback: boolean): { label: string; details: string[] } {
  const day = DAY_NAMES[slot.dayOfWeek] ?? "";
  const label = `${day} ${hourLabel(slot.hour)}, score ${Math.round(slot.score)}`;
  if (fallback) return { label, details: ["Suggested default — not measured on your posts"] };
  const details = [
    `Average engagement ${formatEngagement(slot.avgEngagement)}`,
    `${slot.sampleSize} ${slot.sampleSize === 1 ? "post" : "posts"}`,
    `Confidence ${Math.round(slot.confidence * 100)}%${isLowConfidence(slot, fallback) ? " (low)" : ""}`,
  ];
  return { label, details };
}
