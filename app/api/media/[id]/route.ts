import { workspaceRoute } from "@/lib/api/route";
import { deleteMedia } from "@/lib/media/delete-media";
import { getMediaOrThrow } from "@/lib/media/get-media-or-throw";
import { mediaIdParams, renameMediaBody, toMediaResponse } from "@/lib/media/media-schemas";
import { renameMedia } from "@/lib/media/rename-media";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/media/:id – one media item with the posts using it
export const GET = workspaceRoute({ params: mediaIdParams }, async ({ db, workspace, params }) => {
  return toMediaResponse(await getMediaOrThrow({ db, workspaceId: workspace.workspaceId, mediaId: params.id }));
});

// PATCH /api/media/:id – rename (the display name only)
export const PATCH = workspaceRoute(
  { params: mediaIdParams, body: renameMediaBody },
  async ({ db, workspace, params, body }) => {
    return renameMedia({ db, workspaceId: workspace.workspaceId, mediaId: params.id, name: body.name });
  },
);

// DELETE /api/media/:id – delete the item and its files; 409 naming the scheduled posts that use it
export const DELETE = workspaceRoute({ params: mediaIdParams }, async ({ db, workspace, params }) => {
  await deleteMedia({ db, storage: getMediaStorage(), workspaceId: workspace.workspaceId, mediaId: params.id });
});
