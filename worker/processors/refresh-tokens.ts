import type pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { refreshExpiringTokens } from "@/lib/oauth/refresh-expiring-tokens";

/** The proactive token refresh runs on the publish queue (the worker dispatches by job name) as a job scheduler. */
export const TOKEN_REFRESH_JOB_NAME = "token-refresh";
export const TOKEN_REFRESH_SCHEDULER_ID = "cadence-token-refresh";

/** Thin BullMQ processor: refreshes OAuth tokens expiring within `aheadMs`, once per tick across replicas. */
export function createTokenRefreshProcessor({ db, pool, aheadMs }: { db: Db; pool: pg.Pool; aheadMs: number }) {
  return () => refreshExpiringTokens({ db, pool, aheadMs });
}
