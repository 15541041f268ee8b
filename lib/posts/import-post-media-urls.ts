import type { Db } from "@/lib/db/prisma";
import { importMediaUrls, type MediaUrlFetch } from "@/lib/media/import-media-urls";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import type { PostMediaRowInput } from "@/lib/posts/load-post-media";
import { toContentMedia } from "@/lib/publishing/rules/to-content-media";
import type { ContentMedia } from "@/lib/publishing/rules/types";

/** Where imported media go and how URLs are fetched; the defaults are the app's storage and OUTBOUND_ALLOW_CIDRS. */
export type MediaImportOptions = { storage?: MediaStorage; fetch?: MediaUrlFetch };

/**
 * A post's `mediaUrls` as library items appended after its `media` rows: each URL imported once (importMediaUrls:
 * fetched through the outbound guard, or reused by `sourceUrl`), an item already in the list not attached twice,
 * positions renumbered in order. Runs before the caller's transaction; throws its 422 naming `mediaUrls.N`.
 * The caller calls `discard()` when its own write fails, so no item of this request is left behind.
 */
export async function importPostMediaUrls({
  db,
  workspaceId,
  urls,
  rows,
  content,
  options = {},
}: {
  db: Db;
  workspaceId: string;
  urls: readonly string[];
  rows: readonly PostMediaRowInput[];
  content: readonly ContentMedia[];
  options?: MediaImportOptions;
}): Promise<{ rows: PostMediaRowInput[]; content: ContentMedia[]; discard: () => Promise<void> }> {
  if (urls.length === 0) return { rows: [...rows], content: [...content], discard: async () => {} };
  const { items, discard } = await importMediaUrls({
    db,
    storage: options.storage ?? getMediaStorage(),
    workspaceId,
    urls,
    fetch: options.fetch ?? { policy: outboundPolicyFromEnv() },
  });
  const allRows = [...rows];
  const allContent = [...content];
  const attached = new Set(rows.map((r) => r.mediaId));
  for (const item of items) {
    if (attached.has(item.id)) continue;
    attached.add(item.id);
    allRows.push({ mediaId: item.id, position: allRows.length, altText: null });
    allContent.push(toContentMedia(item));
  }
  return { rows: allRows.map((r, position) => ({ ...r, position })), content: allContent, discard };
}
