import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";

const log = logger("worker:lease");

/**
 * Compare-and-set claim of one post version for publishing: a SCHEDULED post, or a PUBLISHING one whose previous
 * holder's lease ran out (that worker died or gave it back). True when this caller now holds the lease.
 */
export async function claimPostLease({
  db,
  postId,
  version,
  now,
  leaseMs,
}: {
  db: Db;
  postId: string;
  version: number;
  now: Date;
  leaseMs: number;
}): Promise<boolean> {
  const claimed = await db.post.updateMany({
    where: {
      id: postId,
      version,
      OR: [{ status: "SCHEDULED" }, { status: "PUBLISHING", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
    },
    data: { status: "PUBLISHING", leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return claimed.count === 1;
}

/** Keeps the lease alive while a publication runs; call the returned function to stop. */
export function keepLeaseAlive({
  db,
  postId,
  version,
  leaseMs,
  now,
}: {
  db: Db;
  postId: string;
  version: number;
  leaseMs: number;
  now: () => Date;
}): () => void {
  const timer = setInterval(
    () => {
      db.post
        .updateMany({
          where: { id: postId, version, status: "PUBLISHING" },
          data: { leaseUntil: new Date(now().getTime() + leaseMs) },
        })
        .then((renewed) => {
          if (renewed.count === 0) log.warn({ postId, version }, "lease renewal found the post changed");
        })
        .catch((err: unknown) => log.error({ postId, version, err }, "lease renewal failed"));
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Gives the post back (still PUBLISHING, lease expired now) so a retry of its job can claim it at once. */
export async function releasePostLease({
  db,
  postId,
  version,
  now,
}: {
  db: Db;
  postId: string;
  version: number;
  now: Date;
}) {
  await db.post.updateMany({ where: { id: postId, version, status: "PUBLISHING" }, data: { leaseUntil: now } });
}
