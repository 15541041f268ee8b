import { workspaceRoute } from "@/lib/api/route";
import { completeAccountChoice } from "@/lib/oauth/complete-account-choice";
import { getAccountChoice } from "@/lib/oauth/get-account-choice";
import {
  accountChoiceParams,
  accountChoiceResponseSchema,
  completeAccountChoiceBody,
  completeAccountChoiceResponseSchema,
} from "@/lib/schemas/oauth-connect";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/channels/connect/choices/:id – the accounts one login brought, for the picker (no secrets)
export const GET = workspaceRoute({ params: accountChoiceParams }, async ({ db, workspace, params }) => {
  const choice = await getAccountChoice({
    db,
    id: params.id,
    workspaceId: workspace.workspaceId,
    userId: workspace.userId,
  });
  return accountChoiceResponseSchema.parse(choice);
});

// POST /api/channels/connect/choices/:id – connect the picked accounts ({ accountIds }); the choice is then used
export const POST = workspaceRoute(
  { params: accountChoiceParams, body: completeAccountChoiceBody },
  async ({ db, workspace, params, body }) => {
    const done = await completeAccountChoice({
      db,
      id: params.id,
      workspaceId: workspace.workspaceId,
      userId: workspace.userId,
      accountIds: body.accountIds,
    });
    return completeAccountChoiceResponseSchema.parse(done);
  },
);
