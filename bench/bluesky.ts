import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { AtpAgent } from "@atproto/api";
import { encryptCredentials } from "@/lib/crypto/credentials";
import { createPrismaClient } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import { type MakeChannel, type OursResult, runOurs } from "./ours";
import { fmtMs, type Summary, summarize } from "./stats";

// npm run bench -- -- --only bluesky [--bluesky-n 1000]: N posts due in the same second on ONE Bluesky channel of the
// launcher's local PDS (@atproto/dev-env), published by a real worker process, next to the same burst on a WEBHOOK
// channel whose receiver is a local 127.0.0.1 server, in the same run; the records on the PDS are counted at the end.

/** Every record of the account's app.bsky.feed.post collection (com.atproto.repo.listRecords, 100 a page). */
async function countRecords(pdsUrl: string, did: string): Promise<number> {
  const reader = new AtpAgent({ service: pdsUrl });
  let cursor: string | undefined;
  let total = 0;
  for (let page = 0; page < 1_000; page++) {
    const { data } = await reader.com.atproto.repo.listRecords({
      repo: did,
      collection: "app.bsky.feed.post",
      limit: 100,
      cursor,
    });
    total += data.records.length;
    if (!data.cursor || data.records.length === 0) break;
    cursor = data.cursor;
  }
  return total;
}

/** A webhook receiver on 127.0.0.1 that answers 200 at once and counts what it got. */
async function startReceiver() {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const line = (who: string, r: OursResult, late: Summary, extra: string) =>
  `| ${who} | ${r.scheduled}${r.timedOut ? " (timed out)" : ""} | ${fmtMs(r.drainMs)} | ${fmtMs(late.p50)} | ${fmtMs(
    late.p99,
  )} | ${fmtMs(late.max)} | ${r.notSucceeded} | ${extra} |`;

/**
 * The "bluesky" part of npm run bench. Needs the local PDS, which the bench profile starts only with
 * CADENCE_LOCAL_NETWORKS=1 (scripts/stack/services.ts; the launcher sets it when `--only` names bluesky); throws
 * naming it otherwise. Returns the RESULTS.md section.
 */
export async function benchBluesky(n: number): Promise<string> {
  const pdsUrl = process.env.BLUESKY_TEST_PDS_URL;
  const plcUrl = process.env.BLUESKY_TEST_PLC_URL;
  if (process.env.CADENCE_LOCAL_NETWORKS !== "1" || !pdsUrl || !plcUrl) {
    throw new Error(
      "the bluesky bench needs the local PDS: run it as `CADENCE_LOCAL_NETWORKS=1 npm run bench -- -- --only bluesky`",
    );
  }
  // The PDS and the webhook receiver listen on 127.0.0.1, which the outbound guard refuses unless allowed.
  const allow = "127.0.0.1/32";
  const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs(allow) }) });
  const env = getEnv();
  const runId = Date.now().toString(36);
  const db = createPrismaClient();
  const receiver = await startReceiver();
  try {
    // A fresh account per run: its repository holds exactly this run's records.
    const agent = new AtpAgent({ service: pdsUrl });
    const handle = `bench${randomBytes(5).toString("hex")}.test`;
    await agent.createAccount({ handle, email: `${handle}@example.com`, password: randomBytes(18).toString("hex") });
    const { data: app } = await agent.com.atproto.server.createAppPassword({ name: "cadence-bench" });
    const { config, credentials } = await connectBlueskyAccount({
      identifier: handle,
      appPassword: app.password,
      service: pdsUrl,
      plcUrl,
      fetch,
    });
    const bluesky: MakeChannel = async (d, workspaceId) =>
      (
        await d.channel.create({
          data: {
            workspaceId,
            platform: "BLUESKY",
            displayName: `@${config.handle}`,
            config: config as Prisma.InputJsonValue,
            credentialsEnc: encryptCredentials(credentials),
          },
        })
      ).id;
    const webhook: MakeChannel = async (d, workspaceId) =>
      (
        await d.channel.create({
          data: {
            workspaceId,
            platform: "WEBHOOK",
            displayName: "Bench webhook",
            config: { url: receiver.url },
            credentialsEnc: encryptCredentials({ secret: "bench-secret" }),
          },
        })
      ).id;
    const common = { db, n, concurrency: 10, waitMs: 120_000 + n * 300, workerEnv: { OUTBOUND_ALLOW_CIDRS: allow } };
    const load = os.loadavg()[0]?.toFixed(1);
    console.log(`bluesky ${runId}: ${n} posts due in one second, Bluesky (local PDS) then WEBHOOK; load ${load}`);
    const sky = await runOurs({
      ...common,
      queueName: `bench-bsky-${runId}`,
      runId: `${runId}b`,
      makeChannel: bluesky,
    });
    const records = await countRecords(pdsUrl, config.did);
    console.log(`  Bluesky: drain ${fmtMs(sky.drainMs)}, ${records} records on the PDS`);
    const hook = await runOurs({
      ...common,
      queueName: `bench-hook-${runId}`,
      runId: `${runId}w`,
      makeChannel: webhook,
    });
    console.log(`  WEBHOOK: drain ${fmtMs(hook.drainMs)}, ${receiver.received()} deliveries`);
    const skyLate = summarize(sky.lateness);
    const hookLate = summarize(hook.lateness);
    return `## Bluesky burst (local PDS) next to the webhook path

Run by \`CADENCE_LOCAL_NETWORKS=1 npm run bench -- -- --only bluesky\` (bench/bluesky.ts); load average (1 min)
before the Bluesky burst: ${load}.

| ${n.toLocaleString("en")} posts due in one second on one channel | published | drain | lateness p50 | p99 | max | not succeeded | on the network |
|---|---|---|---|---|---|---|---|
${line("Bluesky (local PDS)", sky, skyLate, `${records} records (listRecords)`)}
${line("WEBHOOK (127.0.0.1 receiver)", hook, hookLate, `${receiver.received()} deliveries`)}

- Both bursts go through the same path as the publish section: \`schedulePost\` for every post, then a real worker
  process (\`worker/index.ts\`, WORKER_CONCURRENCY=${env.WORKER_CONCURRENCY}) claims, publishes and settles each post.
- **Drain** = the last \`PublicationResult.publishedAt\` − the target second: how long the one channel took to take
  the whole burst. **Lateness** = \`Publication.startedAt − scheduledAt\` (when the worker began the post), as in the
  publish section. Bluesky: \`com.atproto.repo.createRecord\` with a record key checkpointed first (one extra fenced
  UPDATE per post) through \`@atproto/api\`, on an in-process \`@atproto/dev-env\` PDS sharing the 2 cores; the
  webhook receiver answers 200 at once.
- The records on the PDS are counted at the end (com.atproto.repo.listRecords over the run's fresh account): they
  must equal the posts published: ${records} records for ${sky.scheduled - sky.notSucceeded} successes
  (${records === sky.scheduled - sky.notSucceeded ? "equal" : "NOT equal"}).
`;
  } finally {
    await receiver.close();
    await db.$disconnect();
  }
}
