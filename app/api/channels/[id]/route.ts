import { workspaceRoute } from "@/lib/api/route";
import { deleteChannel } from "@/lib/channels/delete-channel";
import { getChannelOrThrow } from "@/lib/channels/get-channel-or-throw";
import { updateChannel } from "@/lib/channels/update-channel";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { channelIdParams, updateChannelBody } from "@/lib/schemas/channels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/:id – one channel (never its credentials)
export const GET = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) => {
  return getChannelOrThrow({ db, workspaceId: workspace.workspaceId, channelId: params.id });
});

// PATCH /api/channels/:id – rename, (de)activate (naming the scheduled posts that changes), replace config/credentials
export const PATCH = workspaceRoute(
  { params: channelIdParams, body: updateChannelBody },
  async ({ db, workspace, params, body }) => {
    const queue = getPublishQueue();
    return updateChannel({ db, queue, workspaceId: workspace.workspaceId, channelId: params.id, input: body });
  },
);

// DELETE /api/channels/:id – disconnect a channel; names the scheduled posts that changes
export const DELETE = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) => {
  return deleteChannel({ db, queue: getPublishQueue(), workspaceId: workspace.workspaceId, channelId: params.id });
});
