import { workspaceRoute } from "@/lib/api/route";
import { getPostingSchedule } from "@/lib/posting-slots/get-posting-schedule";
import { setPostingSchedule } from "@/lib/posting-slots/set-posting-schedule";
import { channelIdParams } from "@/lib/schemas/channels";
import { putPostingScheduleBody } from "@/lib/schemas/posting-schedule";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/:id/posting-schedule – the channel's weekly posting slots and a proposal from the best times
export const GET = workspaceRoute({ params: channelIdParams }, async ({ db, workspace, params }) => {
  return getPostingSchedule({ db, workspaceId: workspace.workspaceId, channelId: params.id });
});

// PUT /api/channels/:id/posting-schedule – replace the channel's weekly posting slots
export const PUT = workspaceRoute(
  { params: channelIdParams, body: putPostingScheduleBody },
  async ({ db, workspace, params, body }) => {
    return setPostingSchedule({
      db,
      workspaceId: workspace.workspaceId,
      channelId: params.id,
      input: body,
      actorUserId: workspace.userId,
    });
  },
);
