import { z } from "zod";
import { sweepResultSchema, workerHeartbeatSchema } from "@/lib/queue/status-keys";
import { parseScheduleTime, SCHEDULE_TIME_FORMAT_HELP } from "@/lib/time/parse-schedule-time";
import { isValidTimeZone } from "@/lib/time/time-zone";

export const timezoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, "unknown time zone: use an IANA name such as Europe/Berlin");

/** POST /api/scheduling/posts/:id/schedule. Gaps and past times are semantic (422), checked by schedulePost. */
export const scheduleBody = z.strictObject({
  scheduledAt: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      // Read in UTC only to check the shape; schedulePost reads it in its zone and refuses gaps and times outside
      // 1970-9999 naming them in that zone.
      const parsed = parseScheduleTime(v, "UTC");
      if (parsed.ok || parsed.reason === "gap" || parsed.reason === "range") return;
      ctx.addIssue({ code: "custom", message: `must be ${SCHEDULE_TIME_FORMAT_HELP}` });
    }),
  timezone: timezoneSchema.optional(),
});
export type ScheduleInput = z.infer<typeof scheduleBody>;

export const jobCountsSchema = z.record(z.string(), z.number());

/** GET /api/scheduling/queue: the caller's workspace's jobs only (lib/scheduling/get-queue-status.ts). */
export const queueStatusResponseSchema = z.object({
  /** Jobs of this workspace's posts by BullMQ state. */
  counts: jobCountsSchema,
  /** Those jobs, newest post first. */
  jobs: z.array(z.object({ postId: z.string(), version: z.number(), state: z.string() })),
  /** Workers with a live heartbeat (0: scheduled posts will not publish). A number only: no worker details. */
  liveWorkers: z.number(),
});
export type QueueStatusResponse = z.infer<typeof queueStatusResponseSchema>;

/** The operator's deployment-wide view (`npm run cadence -- queue status`); never sent to a workspace. */
export const deploymentQueueStatusSchema = z.object({
  queue: z.string(),
  counts: jobCountsSchema,
  lastSweep: sweepResultSchema.nullable(),
  workers: z.array(workerHeartbeatSchema),
});
export type DeploymentQueueStatus = z.infer<typeof deploymentQueueStatusSchema>;

const checkSchema = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

export const healthResponseSchema = z.object({
  ok: z.boolean(),
  checks: z.object({ postgres: checkSchema, redis: checkSchema, mongodb: checkSchema, worker: checkSchema }),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
