import { Reply, workspaceRoute } from "@/lib/api/route";
import { connectBlueskyChannel } from "@/lib/channels/connect-bluesky-channel";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { connectBlueskyBody } from "@/lib/schemas/connect-bluesky";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/channels/connect/bluesky – connect (or, with channelId, reconnect) a Bluesky account with an app password
export const POST = workspaceRoute({ body: connectBlueskyBody }, async ({ db, workspace, body }) => {
  const channel = await connectBlueskyChannel({
    db,
    queue: getPublishQueue,
    workspaceId: workspace.workspaceId,
    input: body,
  });
  return new Reply(201, channel);
});
