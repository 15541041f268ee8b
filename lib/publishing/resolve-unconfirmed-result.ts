import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { PublicationStatus } from "@/lib/generated/prisma/enums";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import type { PostResponse } from "@/lib/schemas/posts";

/**
 * Settles an UNCONFIRMED result after a person checked the network: `as: "published"` makes it SUCCEEDED (with
 * `url`, the post on its network, http(s) only; publishedAt = now), `as: "not_published"` makes it FAILED with
 * errorKind "confirmed_missing", which a retry may then send (nothing can be doubled: it is not there).
 * The publication's status follows its results (SUCCEEDED / PARTIAL / FAILED, finishedAt = now), and so does the
 * post when this publication is its current one: PUBLISHED once a channel succeeded (publishCount +1 and
 * lastPublishedAt = now when it is the publication's first success), else FAILED. One transaction; the result
 * change is compare-and-set on UNCONFIRMED.
 * @throws ApiError not_found (404) — no such post or result in this workspace; conflict (409) — the result is not
 *   UNCONFIRMED (already resolved) or its publication is still running; unprocessable (422) — `url` is not an
 *   absolute http(s) URL.
 */
export async function resolveUnconfirmedResult({
  db,
  workspaceId,
  postId,
  resultId,
  as,
  url,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  postId: string;
  resultId: string;
  as: "published" | "not_published";
  url?: string;
  now?: Date;
}): Promise<PostResponse> {
  const link = url === undefined ? null : httpUrlOrNull(url);
  if (url !== undefined && (link === null || as !== "published")) {
    throw new ApiError(
      "unprocessable",
      as === "published" ? "url must be an absolute http(s) URL" : "url is only for a result marked as published",
      [{ path: "url", message: "must be an absolute http(s) URL of the post on its network" }],
    );
  }
  await db.$transaction(async (tx) => {
    const result = await tx.publicationResult.findFirst({
      where: { id: resultId, publication: { postId, workspaceId, post: { deletedAt: null } } },
      include: { publication: { include: { post: { select: { status: true, version: true } } } } },
    });
    if (!result) throw new ApiError("not_found", `Result ${resultId} not found on post ${postId}`);
    if (result.status !== "UNCONFIRMED") {
      throw new ApiError("conflict", `Result is ${result.status}, not UNCONFIRMED: nothing to resolve`, {
        status: result.status,
      });
    }
    const { publication } = result;
    if (publication.status === "RUNNING") {
      throw new ApiError("conflict", "Its publication is still running; resolve it once it has finished");
    }
    const { count } = await tx.publicationResult.updateMany({
      where: { id: resultId, status: "UNCONFIRMED" },
      data:
        as === "published"
          ? { status: "SUCCEEDED", url: link, publishedAt: now, errorMessage: null, errorKind: null }
          : {
              status: "FAILED",
              errorKind: "confirmed_missing",
              errorMessage: "a person checked the network: it is not there (safe to send again)",
            },
    });
    if (count === 0) throw new ApiError("conflict", "Result changed meanwhile; reload and try again");

    const results = await tx.publicationResult.findMany({
      where: { publicationId: publication.id },
      select: { status: true },
    });
    const succeeded = results.filter((r) => r.status === "SUCCEEDED").length;
    const status: PublicationStatus =
      succeeded === 0
        ? publication.status === "CANCELLED"
          ? "CANCELLED"
          : "FAILED"
        : succeeded === results.length
          ? "SUCCEEDED"
          : "PARTIAL";
    await tx.publication.update({ where: { id: publication.id }, data: { status, finishedAt: now } });

    const { post } = publication;
    const current =
      post.version === publication.postVersion && (post.status === "PUBLISHED" || post.status === "FAILED");
    if (!current) return;
    const firstSuccess = as === "published" && succeeded === 1;
    await tx.post.updateMany({
      where: { id: postId, workspaceId, version: post.version, status: post.status },
      data: {
        status: succeeded > 0 ? "PUBLISHED" : "FAILED",
        updatedAt: now,
        ...(firstSuccess ? { publishCount: { increment: 1 }, lastPublishedAt: now } : {}),
      },
    });
  });
  return getPostOrThrow({ db, workspaceId, postId });
}
