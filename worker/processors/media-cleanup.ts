import type { Db } from "@/lib/db/prisma";
import { deleteOrphanMedia } from "@/lib/media/delete-orphan-media";
import type { MediaStorage } from "@/lib/media/storage/types";

/** The media cleanup runs on the publish queue (the worker dispatches by job name) as a job scheduler. */
export const MEDIA_CLEANUP_JOB_NAME = "media-cleanup";
export const MEDIA_CLEANUP_SCHEDULER_ID = "cadence-media-cleanup";

/** Thin BullMQ processor: removes unattached uploads older than `maxAgeMs`, once per tick across replicas. */
export function createMediaCleanupProcessor({
  db,
  storage,
  maxAgeMs,
}: {
  db: Db;
  storage: MediaStorage;
  maxAgeMs: number;
}) {
  return () => deleteOrphanMedia({ db, storage, maxAgeMs });
}
