import { ApiError } from "@/lib/api/errors";
import { workspaceRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { startOAuthConnect } from "@/lib/oauth/start-oauth-connect";
import { oauthConnectBody, oauthConnectParams, oauthConnectResponseSchema } from "@/lib/schemas/oauth-connect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/channels/connect/:platform – start an OAuth login (X, LinkedIn, Threads, Facebook and Instagram), or
// reconnect channelId; the static bluesky/ and mastodon/ routes beside this one take those two platforms
export const POST = workspaceRoute(
  { params: oauthConnectParams, body: oauthConnectBody },
  async ({ db, workspace, params, body }) => {
    if (!workspace.userId) {
      throw new ApiError(
        "forbidden",
        "Connecting an account needs a signed-in person (the dashboard), not an API token",
      );
    }
    const started = await startOAuthConnect({
      db,
      workspaceId: workspace.workspaceId,
      userId: workspace.userId,
      segment: params.platform,
      channelId: body.channelId ?? null,
      publicUrl: getEnv().PUBLIC_URL,
    });
    return oauthConnectResponseSchema.parse(started);
  },
);
