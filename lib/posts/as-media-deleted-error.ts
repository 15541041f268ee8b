import { ApiError } from "@/lib/api/errors";

/**
 * A media item checked by loadPostMedia can be deleted (DELETE /api/media/:id) before the post's PostMedia rows are
 * inserted: PostgreSQL then refuses the insert on the `PostMedia_mediaId_fkey` foreign key (Prisma P2003). That is
 * the same input fault as an unknown id, so it becomes the same 422 (path `media`), nothing written; any other
 * error is returned unchanged. Use as `catch (err) { throw asMediaDeletedError(err); }`.
 */
export function asMediaDeletedError(err: unknown): unknown {
  const known = err as { code?: unknown; meta?: unknown } | null;
  if (known?.code === "P2003" && JSON.stringify(known.meta ?? {}).includes("PostMedia_mediaId_fkey")) {
    return new ApiError("unprocessable", "A media item of this post was deleted while the post was being saved", [
      { path: "media", message: "a media item no longer exists in this workspace; pick the media again" },
    ]);
  }
  return err;
}
