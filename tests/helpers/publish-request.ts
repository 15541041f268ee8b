import type { PublishRequest } from "@/lib/publishing/networks/types";

/**
 * The store-backed parts of a PublishRequest for calling an adapter directly (no publication row, no channel row):
 * empty state, a checkpoint that keeps patches in `saved`, a refresh that runs on `credentials`.
 */
export function detachedStore(credentials: Record<string, unknown> = {}) {
  const saved: Record<string, unknown>[] = [];
  const parts: Pick<PublishRequest, "state" | "checkpoint" | "refreshCredentials"> = {
    state: {},
    checkpoint: async (patch) => void saved.push(patch),
    refreshCredentials: async (fn) => fn(credentials),
  };
  return { ...parts, saved };
}
