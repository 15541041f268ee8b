import { workspaceRoute } from "@/lib/api/route";
import { finishOAuthCallback } from "@/lib/channels/finish-oauth-callback";
import { oauthCallbackQuery, oauthConnectParams } from "@/lib/schemas/oauth-connect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/connect/:platform/callback – the platform sends the browser back here; 303 to the Channels page
export const GET = workspaceRoute(
  { params: oauthConnectParams, query: oauthCallbackQuery },
  async ({ db, workspace, params, query }) => {
    const location = await finishOAuthCallback({
      db,
      segment: params.platform,
      workspaceId: workspace.workspaceId,
      userId: workspace.userId,
      query,
    });
    return new Response(null, { status: 303, headers: { location } });
  },
);
