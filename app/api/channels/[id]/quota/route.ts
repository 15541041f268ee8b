import { workspaceRoute } from "@/lib/api/route";
import { readChannelQuota } from "@/lib/channels/read-channel-quota";
import { channelIdParams } from "@/lib/schemas/channels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/:id/quota – the platform's publishing quota for this account now ({ usage, total, durationSec })
export const GET = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) =>
  readChannelQuota({ db, workspaceId: workspace.workspaceId, channelId: params.id }),
);
