import { ApiError } from "@/lib/api/errors";
import { workspaceRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import { startMastodonConnect } from "@/lib/publishing/networks/mastodon/connect";
import { mastodonConnectBody, mastodonConnectResponseSchema } from "@/lib/schemas/channel-connect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/channels/connect/mastodon – start connecting (or reconnecting channelId) a Mastodon account
export const POST = workspaceRoute({ body: mastodonConnectBody }, async ({ db, workspace, body }) => {
  if (!workspace.userId) {
    throw new ApiError("forbidden", "Connecting an account needs a signed-in person (the dashboard), not an API token");
  }
  const publicUrl = getEnv().PUBLIC_URL;
  if (!publicUrl) {
    throw new ApiError("unprocessable", "PUBLIC_URL is not set: the Mastodon server needs it to send you back");
  }
  const started = await startMastodonConnect({
    db,
    workspaceId: workspace.workspaceId,
    userId: workspace.userId,
    serverUrl: body.serverUrl,
    channelId: body.channelId ?? null,
    publicUrl,
    outbound: { policy: outboundPolicyFromEnv() },
  });
  return mastodonConnectResponseSchema.parse(started);
});
