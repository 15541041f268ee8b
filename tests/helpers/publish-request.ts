import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { MediaStorage } from "@/lib/media/storage/types";
import type { PublishableMedia, PublishablePost, PublishRequest } from "@/lib/publishing/networks/types";

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

/**
 * `bytes` put into `storage` under ws/<new id>/original (as an upload stores them), described as a library item with
 * that storage key and no public URL: a "file" PNG image of 80×60 pixels with no alt text, then whatever `media`
 * gives (the bytes' size and SHA-256 are the real ones).
 */
export async function storedMedia(
  storage: MediaStorage,
  bytes: Buffer,
  media: Partial<PublishableMedia> = {},
): Promise<PublishableMedia> {
  const id = randomUUID();
  const storageKey = `ws/${id}/original`;
  await storage.put(storageKey, Readable.from([bytes]), { contentType: media.mimeType ?? "image/png" });
  return {
    id,
    name: "file",
    kind: "IMAGE",
    mimeType: "image/png",
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    width: 80,
    height: 60,
    durationMs: null,
    altText: null,
    url: null,
    storageKey,
    ...media,
  };
}
