import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { countInWindow } from "@/lib/auth/count-in-window";
import { getEnv } from "@/lib/env";

const HOUR_MS = 3_600_000;

/**
 * Counts one invitation mail (new or re-sent) against INVITATIONS_PER_HOUR for this inviter in this workspace.
 * @throws ApiError rate_limited (429, details.retryAfterMs) at the limit; nothing is then written or sent.
 */
export async function reserveInvitationSend(redis: Redis, workspaceId: string, inviterUserId: string): Promise<void> {
  const limit = getEnv().INVITATIONS_PER_HOUR;
  const waitMs = await countInWindow(redis, `cadence:invitations:${workspaceId}:${inviterUserId}`, limit, HOUR_MS);
  if (waitMs === 0) return;
  const minutes = Math.ceil(waitMs / 60_000);
  throw new ApiError(
    "rate_limited",
    `Invitation limit reached: at most ${limit} invitations an hour per person in a workspace. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterMs: waitMs, limit },
  );
}
