import { dropQueue } from "./factories";

/** Removes the run's queue (jobs, sweeper scheduler, heartbeats) from Redis. */
export default async function globalTeardown() {
  const queueName = process.env.E2E_QUEUE_NAME;
  if (queueName?.startsWith("cadence-e2e-")) await dropQueue(queueName);
}
