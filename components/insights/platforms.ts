import type { Platform } from "@/lib/generated/prisma/enums";

/** Social platforms the heatmap is offered for (WEBHOOK/SANDBOX have no audience to measure). */
export const INSIGHT_PLATFORMS = [
  "INSTAGRAM",
  "FACEBOOK",
  "TWITTER",
  "LINKEDIN",
  "THREADS",
  "BLUESKY",
  "MASTODON",
  "TIKTOK",
] as const satisfies readonly Platform[];
export type InsightPlatform = (typeof INSIGHT_PLATFORMS)[number];

export const isInsightPlatform = (value: string): value is InsightPlatform =>
  (INSIGHT_PLATFORMS as readonly string[]).includes(value);
