import { Reply, workspaceRoute } from "@/lib/api/route";
import { ingestSnapshots } from "@/lib/metrics/ingest-snapshots";
import { ingestMetricsBody, ingestMetricsResponseSchema } from "@/lib/schemas/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/metrics – ingest a batch of engagement snapshots (idempotent; all or nothing)
export const POST = workspaceRoute({ body: ingestMetricsBody }, async ({ db, workspace, body }) => {
  const counts = await ingestSnapshots({ db, workspaceId: workspace.workspaceId, snapshots: body.snapshots });
  return new Reply(counts.inserted > 0 ? 201 : 200, ingestMetricsResponseSchema.parse(counts));
});
