import { randomUUID } from "node:crypto";
import type { PublishablePost, PublishRequest } from "@/lib/publishing/networks/types";

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

/**
 * A PublishablePost as the publishing core hands it to adapters, for building a PublishRequest by hand: a fresh id,
 * workspace "ws", no text, media, links, tags or schedule — then whatever `post` gives.
 */
export function publishablePost(post: Partial<PublishablePost> = {}): PublishablePost {
  return {
    id: randomUUID(),
    workspaceId: "ws",
    content: "",
    mediaUrls: [],
    media: [],
    tags: [],
    scheduledAt: null,
    ...post,
  };
}
