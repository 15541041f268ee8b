import { z } from "zod";

// Redis keys the worker writes and the API reads (health, queue status). Namespaced by queue name so
// several deployments or test runs can share one Redis.

export const HEARTBEAT_TTL_MS = 15_000;
export const HEARTBEAT_EVERY_MS = 5_000;

/** One key per live worker: SET … PX HEARTBEAT_TTL_MS, refreshed every HEARTBEAT_EVERY_MS. */
export function workerHeartbeatKey(queueName: string, workerId: string): string {
  return `cadence:${queueName}:worker:${workerId}`;
}
export function workerHeartbeatPattern(queueName: string): string {
  return `cadence:${queueName}:worker:*`;
}
export const workerHeartbeatSchema = z.object({
  workerId: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  at: z.string(),
});
export type WorkerHeartbeat = z.infer<typeof workerHeartbeatSchema>;

/** The last sweep's outcome (JSON), overwritten by each sweep. */
export function lastSweepKey(queueName: string): string {
  return `cadence:${queueName}:sweeper:last`;
}
export const sweepResultSchema = z.object({
  at: z.string(),
  durationMs: z.number(),
  duePosts: z.number(),
  jobsRecovered: z.number(),
  leasesRecovered: z.number(),
  recoveredPostIds: z.array(z.string()),
});
export type SweepResult = z.infer<typeof sweepResultSchema>;
