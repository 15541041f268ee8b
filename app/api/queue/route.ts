import { workspaceRoute } from "@/lib/api/route";
import { listQueue } from "@/lib/posting-slots/list-queue";
import { queueQuery } from "@/lib/schemas/posting-schedule";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/queue?channelId&days – upcoming posting slots and the live posts of the channel(s), by instant
export const GET = workspaceRoute({ query: queueQuery }, async ({ db, workspace, query }) => {
  return listQueue({ db, workspaceId: workspace.workspaceId, channelId: query.channelId, days: query.days });
});
