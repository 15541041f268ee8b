import { ApiError } from "@/lib/api/errors";
import { Reply, workspaceRoute } from "@/lib/api/route";
import { listMedia } from "@/lib/media/list-media";
import { listMediaQuery, uploadMediaQuery, uploadNameSchema } from "@/lib/media/media-schemas";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { uploadMedia } from "@/lib/media/upload-media";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/media – the library, newest first: ?q= (name), kind=image|video, cursor=, limit=
export const GET = workspaceRoute({ query: listMediaQuery }, async ({ db, workspace, query }) => {
  return listMedia({ db, workspaceId: workspace.workspaceId, query });
});

/** The display name: `?name=`, else the `X-File-Name` header (percent-encoded UTF-8), else "upload". */
function uploadName(queryName: string | undefined, header: string | null): string {
  if (queryName) return queryName;
  if (!header) return "upload";
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    throw new ApiError("invalid_request", "Invalid X-File-Name header: not percent-encoded UTF-8");
  }
  const parsed = uploadNameSchema.safeParse(decoded);
  if (!parsed.success)
    throw new ApiError("invalid_request", `Invalid X-File-Name header: ${parsed.error.issues[0]?.message ?? "bad"}`);
  return parsed.data;
}

// POST /api/media – upload one file as the raw request body (streamed; its type is read from its content)
export const POST = workspaceRoute(
  { query: uploadMediaQuery },
  async ({ req, db, workspace, query }) => {
    const name = uploadName(query.name, req.headers.get("x-file-name"));
    const length = req.headers.get("content-length");
    const item = await uploadMedia({
      db,
      storage: getMediaStorage(),
      workspaceId: workspace.workspaceId,
      body: req.body,
      name,
      declaredBytes: length !== null && /^\d+$/.test(length) ? Number(length) : undefined,
    });
    return new Reply(201, item);
  },
  { rawBody: true },
);
