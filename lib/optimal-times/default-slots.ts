import type { Platform } from "@/lib/generated/prisma/enums";

/**
 * Per-platform default posting slots, used when a workspace has too little engagement history of its own
 * (`fallback: true`). Local wall-clock time in the requested zone; dayOfWeek 0 = Sunday. Best first. They are
 * commonly published rules of thumb, not measurements — which is why the API reports them with confidence 0
 * and sampleSize 0. README "Optimal posting times" lists the same table.
 */
export const DEFAULT_SLOTS: Record<Platform, ReadonlyArray<readonly [dayOfWeek: number, hour: number]>> = {
  INSTAGRAM: [
    [2, 11],
    [4, 11],
    [3, 11],
    [5, 10],
    [1, 11],
    [3, 18],
    [2, 18],
    [4, 18],
  ],
  FACEBOOK: [
    [3, 9],
    [2, 10],
    [4, 9],
    [5, 9],
    [1, 10],
    [3, 13],
  ],
  TWITTER: [
    [2, 9],
    [3, 9],
    [4, 9],
    [3, 12],
    [5, 9],
    [1, 9],
  ],
  LINKEDIN: [
    [2, 9],
    [3, 10],
    [4, 9],
    [2, 12],
    [3, 12],
    [4, 12],
  ],
  THREADS: [
    [2, 10],
    [3, 10],
    [4, 10],
    [2, 18],
    [4, 18],
    [5, 10],
  ],
  BLUESKY: [
    [2, 9],
    [3, 9],
    [4, 9],
    [2, 17],
    [3, 17],
    [4, 17],
  ],
  MASTODON: [
    [2, 9],
    [3, 9],
    [4, 9],
    [2, 17],
    [3, 17],
    [4, 17],
  ],
  TIKTOK: [
    [2, 19],
    [4, 19],
    [5, 17],
    [6, 11],
    [3, 19],
    [0, 19],
  ],
  WEBHOOK: [
    [2, 9],
    [3, 9],
    [4, 9],
    [2, 12],
    [3, 12],
    [4, 12],
  ],
  SANDBOX: [
    [2, 9],
    [3, 9],
    [4, 9],
    [2, 12],
    [3, 12],
    [4, 12],
  ],
};
