import type { Job } from "bullmq";
import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";
import { type PublishJobOutcome, processPublishJob } from "@/lib/publishing/process-publish-job";

/** Thin BullMQ processor for publish jobs: the logic (validation, stale checks, claim) lives in lib/. */
export function createPublishProcessor({ sql, db }: { sql: Sql; db: Db }) {
  return (job: Job, token?: string, signal?: AbortSignal): Promise<PublishJobOutcome> =>
    processPublishJob({ sql, db, job, token, signal });
}
