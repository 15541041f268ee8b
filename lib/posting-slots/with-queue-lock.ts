import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { getSql } from "@/lib/db/sql";

/** Namespace of the per-workspace queue lock (key 2 is hashtext(workspaceId)); "QUEU" in ASCII. */
const LOCK_CLASS = 0x51554555;

/** How long a queue change waits for another one of the same workspace before giving up (ms). */
export const QUEUE_LOCK_WAIT_MS = 10_000;

/**
 * Runs `fn` holding the workspace's queue lock, so that picking a free posting slot and writing the post there
 * happen for one request of the workspace at a time: two "Add to queue" at once never take the same slot. The lock
 * is a PostgreSQL advisory lock held by a transaction on a connection of the bare `pg` pool (lib/db/sql.ts) for as
 * long as `fn` runs; `fn` does its own reads and writes through Prisma, whose pool is separate — so requests waiting
 * for the lock never hold the connections the holder needs. A crashed process's connection closes and frees it.
 * @throws ApiError conflict (409, `details.retryAfterMs`) when another queue change held it for QUEUE_LOCK_WAIT_MS.
 */
export async function withQueueLock<T>({
  pool = getSql(),
  workspaceId,
  waitMs = QUEUE_LOCK_WAIT_MS,
  fn,
}: {
  pool?: Pick<pg.Pool, "connect">;
  workspaceId: string;
  waitMs?: number;
  fn: () => Promise<T>;
}): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    // lock_timeout bounds the wait for the advisory lock (a heavyweight lock like any other).
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
    try {
      await client.query("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))", [LOCK_CLASS | 0, workspaceId]);
    } catch (err) {
      if ((err as { code?: string }).code === "55P03") {
        throw new ApiError("conflict", "Another queue change of this workspace is still running; try again", {
          retryAfterMs: 1000,
        });
      }
      throw err;
    }
    return await fn();
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    // The transaction wrote nothing: ending it either way releases the lock.
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    client.release(broken);
  }
}
