import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/prisma";
import type { SweepResult } from "@/lib/queue/status-keys";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";

/** Thin BullMQ processor for the sweeper scheduler's jobs: one sweep per tick, whichever replica takes it. */
export function createSweepProcessor({ db, queue, redis }: { db: Db; queue: Queue; redis: Redis }) {
  return (): Promise<SweepResult> => sweepDuePosts({ db, queue, redis });
}
