import { Queue, Worker } from "bullmq";
import { createRedis } from "@/lib/db/redis";
import { mapBounded, sleep } from "./stats";

export type RunResult = {
  scheduleMs: number;
  /** Target minus the moment the last add returned: positive = all scheduled before the target second. */
  slackMs: number;
  scheduled: number;
  rejected: number;
  lateness: number[];
  timedOut: boolean;
};

/**
 * Bare BullMQ, the baseline: N delayed jobs for the same target instant (or spread evenly over spreadMs after
 * it), added one by one with the same bounded concurrency as our scheduling, and a worker (in this process, same
 * concurrency as ours) with an empty processor. Lateness = processor start − the job's target.
 */
export async function runBare({
  n,
  queueName,
  concurrency,
  workerConcurrency,
  leadMs,
  waitMs,
  spreadMs = 0,
}: {
  n: number;
  queueName: string;
  concurrency: number;
  workerConcurrency: number;
  leadMs: number;
  waitMs: number;
  spreadMs?: number;
}): Promise<RunResult> {
  const producer = createRedis("worker");
  const consumer = createRedis("worker");
  const queue = new Queue(queueName, { connection: producer });
  const lateness: number[] = [];
  const worker = new Worker(
    queueName,
    async (job) => {
      lateness.push(Date.now() - (job.data as { target: number }).target);
    },
    { connection: consumer, concurrency: workerConcurrency },
  );
  try {
    await worker.waitUntilReady();
    const target = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
    const started = performance.now();
    const results = await mapBounded(
      Array.from({ length: n }, (_, i) => i),
      concurrency,
      (i) => {
        const at = target + Math.floor((i * spreadMs) / n);
        return queue.add(
          "bare",
          { target: at },
          { jobId: `bare-${i}`, delay: Math.max(0, at - Date.now()), removeOnComplete: true },
        );
      },
    );
    const scheduleMs = performance.now() - started;
    const slackMs = target - Date.now();
    const rejected = results.filter((r) => r.status === "rejected").length;
    const deadline = Date.now() + Math.max(0, target - Date.now()) + spreadMs + waitMs;
    while (lateness.length < n - rejected && Date.now() < deadline) await sleep(100);
    return {
      scheduleMs,
      slackMs,
      scheduled: n - rejected,
      rejected,
      lateness,
      timedOut: lateness.length < n - rejected,
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    producer.disconnect();
    consumer.disconnect();
  }
}
