import { getEnv } from "@/lib/env";
import { createLocalDiskStorage } from "./local-disk";
import { createS3Storage } from "./s3";
import type { MediaStorage } from "./types";

let cached: MediaStorage | undefined;

/**
 * The process's media storage, made once from env (README "Configuration"): MEDIA_STORAGE=local (default) stores
 * under MEDIA_LOCAL_DIR; MEDIA_STORAGE=s3 in the S3_BUCKET of S3_ENDPOINT with the S3_* credentials. Throws
 * getEnv()'s "Invalid configuration" error naming each missing or bad setting (e.g. "S3_BUCKET: required when
 * MEDIA_STORAGE=s3"). Tests construct a backend directly (createLocalDiskStorage, createS3Storage) instead.
 */
export function getMediaStorage(): MediaStorage {
  if (cached) return cached;
  const env = getEnv();
  if (env.MEDIA_STORAGE === "s3") {
    cached = createS3Storage({
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET as string,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID as string,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY as string,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  } else {
    cached = createLocalDiskStorage({ root: env.MEDIA_LOCAL_DIR });
  }
  return cached;
}
