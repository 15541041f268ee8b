import { Reply, workspaceRoute } from "@/lib/api/route";
import { createChannel } from "@/lib/channels/create-channel";
import { listChannels } from "@/lib/channels/list-channels";
import { createChannelBody } from "@/lib/schemas/channels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/channels – connect a channel (credentials are write-only)
export const POST = workspaceRoute({ body: createChannelBody }, async ({ db, workspace, body }) => {
  return new Reply(201, await createChannel({ db, workspaceId: workspace.workspaceId, input: body }));
});

// GET /api/channels – the workspace's channels
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  return listChannels({ db, workspaceId: workspace.workspaceId });
});
