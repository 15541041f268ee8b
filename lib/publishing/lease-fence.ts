import type { Sql } from "@/lib/db/sql";
import { logger } from "@/lib/log";

const log = logger("worker:fence");

/**
 * The claim a worker holds on a post version: `owner` is a random token written by that claim and `epoch` the
 * post's claim counter after it (lib/publishing/post-lease.ts). A takeover writes a new owner and a higher epoch.
 */
export type Lease = { postId: string; version: number; owner: string; epoch: number };

/** Thrown when a write finds the post claimed by someone else: this worker lost its lease and must stop. */
export class StaleLeaseError extends Error {
  constructor(readonly lease: Lease) {
    super(`lease of post ${lease.postId} (epoch ${lease.epoch}) was taken over by another worker`);
    this.name = "StaleLeaseError";
  }
}

/**
 * SQL for a CTE named `fence`: one row while the post is still PUBLISHING under this claim, none otherwise. It
 * locks that row FOR SHARE for the statement, so a takeover (an UPDATE of the row) cannot slip in between the check
 * and the write; a takeover that committed first makes PostgreSQL re-check the row and return nothing.
 * Its three parameters start at $`first`; pass fenceParams(lease) there.
 */
export function fenceCte(first: number): string {
  return `fence AS (
  SELECT 1 FROM "Post" WHERE id = $${first} AND "leaseOwner" = $${first + 1} AND "leaseEpoch" = $${first + 2}
    AND status = 'PUBLISHING' FOR SHARE
)`;
}

export const fenceParams = (lease: Lease) => [lease.postId, lease.owner, lease.epoch];

const HELD = `SELECT 1 FROM "Post" WHERE id = $1 AND "leaseOwner" = $2 AND "leaseEpoch" = $3 AND status = 'PUBLISHING'`;

/**
 * Runs a fenced statement (one whose writes all require `EXISTS (SELECT 1 FROM fence)`, with the fence's
 * parameters last). When it affects no row, checks whether this worker still holds the lease: if not, logs
 * `stale worker write dropped` with the ids and throws StaleLeaseError — nothing was changed. A statement that
 * matched nothing for its own reasons (a result already settled) returns its empty result as usual.
 */
export async function fencedQuery<R extends Record<string, unknown>>(
  sql: Sql,
  lease: Lease,
  text: string,
  params: unknown[],
  what: string,
  context: Record<string, unknown> = {},
) {
  const result = await sql.query<R>(text, [...params, ...fenceParams(lease)]);
  if ((result.rowCount ?? 0) > 0) return result;
  const held = await sql.query(HELD, fenceParams(lease));
  if ((held.rowCount ?? 0) > 0) return result;
  log.warn({ ...context, ...lease, write: what }, "stale worker write dropped");
  throw new StaleLeaseError(lease);
}
