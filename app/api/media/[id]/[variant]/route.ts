import { ApiError } from "@/lib/api/errors";
import { workspaceRoute } from "@/lib/api/route";
import { getMediaOrThrow } from "@/lib/media/get-media-or-throw";
import { mediaFileParams } from "@/lib/media/media-schemas";
import { serveMediaObject } from "@/lib/media/serve-media-object";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/media/:id/:variant – the stored file (original) or its thumbnail, for the dashboard; Range supported
export const GET = workspaceRoute({ params: mediaFileParams }, async ({ req, db, workspace, params }) => {
  const item = await getMediaOrThrow({ db, workspaceId: workspace.workspaceId, mediaId: params.id });
  const key = params.variant === "original" ? item.storageKey : item.thumbnailKey;
  if (!key) throw new ApiError("not_found", `Media item ${params.id} has no ${params.variant}`);
  // Stored objects never change under a key (a new upload is a new id): the browser may keep them an hour.
  return serveMediaObject({
    storage: getMediaStorage(),
    key,
    range: req.headers.get("range"),
    cacheControl: "private, max-age=3600",
  });
});
