import { getEnv } from "@/lib/env";
import { createLocalDiskStorage } from "./local-disk";
import type { MediaStorage } from "./types";

let cached: MediaStorage | undefined;

/**
 * The process's media storage, made once from env (README "Configuration"): MEDIA_STORAGE=local (default) stores
 * under MEDIA_LOCAL_DIR. Throws getEnv()'s "Invalid configuration" error naming a missing or bad setting. Tests
 * construct a backend directly (createLocalDiskStorage) instead.
 */
export function getMediaStorage(): MediaStorage {
  if (cached) return cached;
  const env = getEnv();
  cached = createLocalDiskStorage({ root: env.MEDIA_LOCAL_DIR });
  return cached;
}
