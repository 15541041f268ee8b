import { workspaceRoute } from "@/lib/api/route";
import { deleteChannel } from "@/lib/channels/delete-channel";
import { getChannelOrThrow } from "@/lib/channels/get-channel-or-throw";
import { updateChannel } from "@/lib/channels/update-channel";
import { channelIdParams, updateChannelBody } from "@/lib/schemas/channels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/:id – one channel (never its credentials)
export const GET = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) => {
  return getChannelOrThrow({ db, workspaceId: workspace.workspaceId, channelId: params.id });
});

// PATCH /api/channels/:id – rename, (de)activate, replace config or credentials
export const PATCH = workspaceRoute(
  { params: channelIdParams, body: updateChannelBody },
  async ({ db, workspace, params, body }) => {
    return updateChannel({ db, workspaceId: workspace.workspaceId, channelId: params.id, input: body });
  },
);

// DELETE /api/channels/:id – disconnect a channel
export const DELETE = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) => {
  await deleteChannel({ db, workspaceId: workspace.workspaceId, channelId: params.id });
});
