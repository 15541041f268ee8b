import { Queue } from "bullmq";
import { createRedis } from "@/lib/db/redis";
import { publishJobId } from "@/lib/queue/publish-queue";

// Reads the publish queue for the calendar spec, in a tsx child like e2e/seed.ts: which job exists for which
// post version and in which state. Argv: one JSON command; stdout: one JSON answer.

type Command = { op: "jobs"; queueName: string; postId: string; versions: number[] };

async function main() {
  const cmd = JSON.parse(process.argv[2] ?? "{}") as Command;
  const redis = createRedis("worker");
  const queue = new Queue(cmd.queueName, { connection: redis });
  try {
    const states: Record<string, string | null> = {};
    for (const version of cmd.versions) {
      const job = await queue.getJob(publishJobId(cmd.postId, version));
      states[String(version)] = job ? await job.getState() : null;
    }
    process.stdout.write(`${JSON.stringify(states)}\n`);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
