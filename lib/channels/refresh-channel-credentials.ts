import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { decryptCredentials, encryptCredentials } from "@/lib/crypto/credentials";
import { getSql } from "@/lib/db/sql";

/** Namespace of the per-channel credentials lock (key 2 is hashtext(channelId)); "CRED" in ASCII. */
const LOCK_CLASS = 0x43524544;

/** How long a refresher waits for another one of the same channel before giving up (ms). */
export const CREDENTIALS_LOCK_WAIT_MS = 15_000;

export type CredentialsRefresh = (latest: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Thrown when another process held the channel's credentials lock for longer than the wait allowed. */
export class CredentialsLockTimeoutError extends Error {
  constructor(channelId: string, waitMs: number) {
    super(`another process kept refreshing the credentials of channel ${channelId} for more than ${waitMs} ms`);
    this.name = "CredentialsLockTimeoutError";
  }
}

/**
 * Refreshes a channel's credentials (an access token from a refresh token, a new Bluesky session) so that two
 * processes never do it at once: runs `fn` holding a PostgreSQL advisory lock on the channel id
 * (pg_advisory_xact_lock, inside a transaction; waiting at most `waitMs`, then CredentialsLockTimeoutError), with
 * the channel's LATEST decrypted credentials — a refresher that waited finds what the one before it stored, and
 * can return them unchanged when they are still fresh. What `fn` returns is stored encrypted (lib/crypto) and
 * returned. If the credentials were replaced outside the lock meanwhile (the person reconnected), those are kept
 * and returned instead of `fn`'s. `fn`'s own errors (a refused refresh) propagate and nothing is stored.
 * `beforeRefresh` runs under the lock before `fn` (the publisher checks it still holds its post). `onStored`
 * receives the sealed value now in the row. Usable anywhere: publishing (PublishRequest.refreshCredentials),
 * metrics collection, connect flows. Errors: 404 ApiError when the channel does not exist (or is deleted).
 */
export async function refreshChannelCredentials({
  pool = getSql(),
  channelId,
  fn,
  waitMs = CREDENTIALS_LOCK_WAIT_MS,
  beforeRefresh,
  onStored,
}: {
  pool?: Pick<pg.Pool, "connect">;
  channelId: string;
  fn: CredentialsRefresh;
  waitMs?: number;
  beforeRefresh?: () => Promise<void>;
  onStored?: (sealed: string) => void;
}): Promise<Record<string, unknown>> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // lock_timeout bounds the wait for the advisory lock (a heavyweight lock like any other).
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(waitMs))}`);
    try {
      await client.query("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))", [LOCK_CLASS | 0, channelId]);
    } catch (err) {
      if ((err as { code?: string }).code === "55P03") throw new CredentialsLockTimeoutError(channelId, waitMs);
      throw err;
    }
    await client.query("SET LOCAL lock_timeout = 0");
    const read = async () =>
      (
        await client.query<{ credentialsEnc: string | null }>(
          `SELECT "credentialsEnc" FROM "Channel" WHERE id = $1 AND "deletedAt" IS NULL`,
          [channelId],
        )
      ).rows[0];
    const row = await read();
    if (!row) throw new ApiError("not_found", `Channel ${channelId} not found`);
    const latest = row.credentialsEnc ? decryptCredentials(row.credentialsEnc) : {};
    await beforeRefresh?.();
    const next = await fn(latest);
    const sealed = encryptCredentials(next);
    // Compare-and-set on what was read: a reconnect that replaced the credentials meanwhile wins.
    const stored = await client.query(
      `UPDATE "Channel" SET "credentialsEnc" = $2, "updatedAt" = now()
       WHERE id = $1 AND "credentialsEnc" IS NOT DISTINCT FROM $3`,
      [channelId, sealed, row.credentialsEnc],
    );
    let result = next;
    let now = sealed;
    if (stored.rowCount === 0) {
      const replaced = await read();
      if (!replaced) throw new ApiError("not_found", `Channel ${channelId} not found`);
      now = replaced.credentialsEnc ?? "";
      result = replaced.credentialsEnc ? decryptCredentials(replaced.credentialsEnc) : {};
    }
    await client.query("COMMIT");
    onStored?.(now);
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
