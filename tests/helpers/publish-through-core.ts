import * as postsRoute from "@/app/api/posts/route";
import { getPrisma } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import { finishPublication } from "@/lib/publishing/finish-publication";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { claimPostLease } from "@/lib/publishing/post-lease";
import { openPublication, publishPost } from "@/lib/publishing/publish-post";
import { callRoute } from "@/tests/helpers/call-route";

/**
 * Creates a post through POST /api/posts as `token` (the API checks `body`, including its future `scheduledAt`),
 * makes it due now, then publishes it as publishDuePost does. Returns the claim, the publication's first result row
 * and the post's id. Throws when the API refuses the post or the claim fails.
 */
export async function publishThroughCore({
  token,
  workspaceId,
  body,
  adapter,
}: {
  token: string;
  workspaceId: string;
  body: Record<string, unknown>;
  adapter: PlatformAdapter;
}) {
  const created = await callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const postId = created.json.id as string;
  // Due now: the schedule itself was checked by the API (a future time); the claim only needs SCHEDULED.
  await getPrisma().post.update({ where: { id: postId }, data: { scheduledAt: new Date() } });
  const { claimed, result } = await publishDuePost({ postId, version: created.json.version, workspaceId, adapter });
  return { claimed, result, postId };
}

/**
 * Publishes the due post `postId` at `version` the way the worker's processor does: claimPostLease (60 s lease) →
 * openPublication → publishPost with `adapter` for every channel → finishPublication. Returns the claim and the
 * publication's first result row. Throws when the claim fails (not due, not SCHEDULED, another version).
 */
export async function publishDuePost({
  postId,
  version,
  workspaceId,
  adapter,
}: {
  postId: string;
  version: number;
  workspaceId: string;
  adapter: PlatformAdapter;
}) {
  const sql = getSql();
  const claimed = await claimPostLease({ sql, postId, workspaceId, version, now: new Date(), leaseMs: 60_000 });
  if (!claimed) throw new Error("the post could not be claimed");
  const publication = await openPublication({ sql, ...claimed, version, startedAt: new Date() });
  const { post, channels, lease } = claimed;
  const outcomes = await publishPost({ sql, post, channels, publication, lease, adapterFor: () => adapter });
  await finishPublication({ sql, lease, publicationId: publication.id, outcomes, now: new Date() });
  const result = await getPrisma().publicationResult.findFirstOrThrow({ where: { publicationId: publication.id } });
  return { claimed, result };
}
