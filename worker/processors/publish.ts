import type { Job } from "bullmq";
import type { Sql } from "@/lib/db/sql";
import { type PublishJobOutcome, processPublishJob } from "@/lib/publishing/process-publish-job";

/** Thin BullMQ processor for publish jobs: the logic (validation, stale checks, claim) lives in lib/. */
export function createPublishProcessor({ sql }: { sql: Sql }) {
  return (job: Job, token?: string, signal?: AbortSignal): Promise<PublishJobOutcome> =>
    processPublishJob({ sql, job, token, signal });
}
