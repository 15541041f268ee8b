import { Reply, workspaceRoute } from "@/lib/api/route";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { duplicatePost } from "@/lib/posts/duplicate-post";
import { duplicatePostBody, postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/:id/duplicate – a new draft with the post's content, media, channels, texts and tags, no time
// (optionally into another workspace of the person's: { workspaceId }); answers { post, droppedChannels }
export const POST = workspaceRoute(
  { params: postIdParams, body: duplicatePostBody },
  async ({ db, workspace, params, body }) => {
    return new Reply(
      201,
      await duplicatePost({
        db,
        storage: getMediaStorage(),
        workspaceId: workspace.workspaceId,
        postId: params.id,
        actorUserId: workspace.userId,
        targetWorkspaceId: body?.workspaceId,
      }),
    );
  },
);
