import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSqlPool } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import { failPendingResults, finishPublication } from "@/lib/publishing/finish-publication";
import { StaleLeaseError } from "@/lib/publishing/lease-fence";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { type PlatformAdapter, PublishError } from "@/lib/publishing/networks/types";
import { claimPostLease, releasePostLease } from "@/lib/publishing/post-lease";
import { type PublishJobHandle, processPublishJob } from "@/lib/publishing/process-publish-job";
import { openPublication, publishPost } from "@/lib/publishing/publish-post";
import { createTestChannel, createTestPost, createTestWorkspace } from "@/tests/helpers/factories";
import { waitFor } from "@/tests/helpers/wait-for";

// A worker that lost its lease (frozen past it, cut off) must change nothing: every write it makes for the
// publication is fenced by its own claim (owner + epoch). Two claims in one process, the first taken over by
// moving the second's clock past the first's lease: deterministic, no sleeping out a real lease.

const db = createPrismaClient();
const sql = createSqlPool();
let workspaceId: string;

beforeEach(async () => {
  workspaceId = (await createTestWorkspace(db, {})).workspace.id;
});
afterEach(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
});
afterAll(async () => {
  await sql.end();
  await db.$disconnect();
});

const LEASE_MS = 30_000;
const env = { ...getEnv(), PUBLISH_LEASE_MS: LEASE_MS };

/** A due SCHEDULED post (version 1) on one SANDBOX channel. */
async function duePost() {
  const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
  const post = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "fenced" });
  await db.post.update({
    where: { id: post.id },
    data: { status: "SCHEDULED", version: 1, scheduledAt: new Date(Date.now() - 1_000) },
  });
  return { post, channel };
}

const jobFor = (postId: string, id: string): PublishJobHandle => ({
  id,
  data: { postId, workspaceId, version: 1 },
  attemptsMade: 0,
  opts: { attempts: 8 },
  moveToDelayed: async () => undefined,
});

const snapshot = async (postId: string) => ({
  post: await db.post.findUniqueOrThrow({ where: { id: postId } }),
  publications: await db.publication.findMany({ where: { postId } }),
  results: await db.publicationResult.findMany({ where: { publication: { postId } }, orderBy: { id: "asc" } }),
});

describe("a worker that lost its lease", () => {
  // The late answer the frozen worker gets once it wakes: each would overwrite the new holder's SUCCEEDED result.
  const lateAnswers = [
    { kind: "a timeout (transient)", fail: new PublishError("transient", "request timed out after 30000 ms") },
    { kind: "a refusal (permanent)", fail: new PublishError("permanent", "rejected: duplicate content") },
    { kind: "an unknown outcome", fail: new PublishError("unknown_outcome", "socket hang up") },
    { kind: "a success of its own", fail: null },
  ];

  it.each(lateAnswers)("changes nothing when its late answer is $kind", async ({ fail }) => {
    const { post, channel } = await duePost();
    let releaseFrozen: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => {
      releaseFrozen = resolve;
    });
    const calls: string[] = [];
    // A key-honouring platform double: the first request (worker A's) hangs until the test lets it answer.
    const adapter: PlatformAdapter = {
      ...getPlatformAdapter("SANDBOX"),
      supportsIdempotencyKey: true,
      async publish({ idempotencyKey }) {
        calls.push(idempotencyKey);
        if (calls.length === 1) {
          await frozen;
          if (fail) throw fail;
          return { platformPostId: "from-the-frozen-worker", url: "https://example.test/a" };
        }
        return { platformPostId: "from-the-new-holder", url: "https://example.test/b" };
      },
    };
    const adapterFor = (p: Parameters<typeof getPlatformAdapter>[0]) =>
      p === "SANDBOX" ? adapter : getPlatformAdapter(p);

    const a = processPublishJob({ sql, job: jobFor(post.id, "a"), adapterFor, env });
    await waitFor(() => calls.length === 1, { what: "worker A's request to leave" });
    const claimedByA = await db.post.findUniqueOrThrow({ where: { id: post.id } });

    // Worker B runs after A's lease ran out (its clock is past the lease): it takes the post over.
    const later = () => new Date(Date.now() + LEASE_MS + 5_000);
    const b = await processPublishJob({ sql, job: jobFor(post.id, "b"), adapterFor, env, now: later });
    expect(b).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
    const settled = await snapshot(post.id);
    expect(settled.post).toMatchObject({ status: "PUBLISHED", publishCount: 1, leaseEpoch: claimedByA.leaseEpoch + 1 });
    expect(settled.post.leaseOwner).not.toBe(claimedByA.leaseOwner);
    expect(settled.results).toHaveLength(1);
    expect(settled.results[0]).toMatchObject({
      channelId: channel.id,
      status: "SUCCEEDED",
      errorMessage: null,
      platformPostId: "from-the-new-holder",
      attempts: 2,
    });

    // A wakes up: its late answer must not land anywhere.
    releaseFrozen();
    const outcome = await a;
    expect(outcome).toMatchObject({ outcome: "dropped", reason: expect.stringContaining("lease lost") });
    expect(await snapshot(post.id)).toEqual(settled);
    expect(calls).toHaveLength(2);
  });

  it("every kind of write with the old claim is refused and changes nothing; the new claim's succeed", async () => {
    const { post } = await duePost();
    const base = { sql, postId: post.id, workspaceId, version: 1, leaseMs: LEASE_MS };
    const a = await claimPostLease({ ...base, now: new Date() });
    if (!a) throw new Error("A could not claim");
    expect(await claimPostLease({ ...base, now: new Date() })).toBeNull(); // A's lease is live: no takeover
    const b = await claimPostLease({ ...base, now: new Date(Date.now() + LEASE_MS + 1_000) });
    if (!b) throw new Error("B could not take over");
    expect(b.lease.epoch).toBe(a.lease.epoch + 1);

    const publication = await openPublication({ sql, ...b, version: 1, startedAt: new Date() });
    const before = await snapshot(post.id);
    const now = new Date();
    const writesOfA = {
      "open publication": () => openPublication({ sql, ...a, version: 1, startedAt: now }),
      publish: () => publishPost({ sql, post: a.post, channels: a.channels, publication, lease: a.lease }),
      "fail pending": () => failPendingResults({ sql, publicationId: publication.id, lease: a.lease }),
      finish: () =>
        finishPublication({
          sql,
          lease: a.lease,
          publicationId: publication.id,
          outcomes: [{ channelId: a.channels[0]?.id ?? "", status: "FAILED", errorMessage: "late" }],
          now,
        }),
    };
    for (const [what, write] of Object.entries(writesOfA)) {
      await expect(write(), what).rejects.toBeInstanceOf(StaleLeaseError);
    }
    await releasePostLease({ sql, lease: a.lease, now }); // gives back nothing
    expect(await snapshot(post.id)).toEqual(before);

    // The same writes under the live claim do land (the fence is not simply refusing everything).
    const outcomes = await publishPost({ sql, post: b.post, channels: b.channels, publication, lease: b.lease });
    expect(outcomes.map((o) => o.status)).toEqual(["SUCCEEDED"]);
    const status = await finishPublication({ sql, lease: b.lease, publicationId: publication.id, outcomes, now });
    expect(status).toBe("SUCCEEDED");
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ status: "PUBLISHED" });
  });
});
