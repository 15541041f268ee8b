import { workspaceRoute } from "@/lib/api/route";
import { finishMastodonCallback } from "@/lib/channels/finish-mastodon-callback";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import { mastodonCallbackQuery } from "@/lib/schemas/channel-connect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/connect/mastodon/callback – the server sends the browser back here; 303 to the Channels page
export const GET = workspaceRoute({ query: mastodonCallbackQuery }, async ({ db, workspace, query }) => {
  const location = await finishMastodonCallback({
    db,
    workspaceId: workspace.workspaceId,
    userId: workspace.userId,
    query,
    outbound: { policy: outboundPolicyFromEnv() },
  });
  return new Response(null, { status: 303, headers: { location } });
});
