import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { notify } from "@/lib/notifications/notify";
import { notifyChannelNeedsReconnect } from "@/lib/notifications/notify-channel-needs-reconnect";
import type { NotificationKind } from "@/lib/notifications/types";
import { outcomeStateOf } from "@/lib/posts/publication-outcome";

const log = logger("notify");
const EXCERPT_CHARS = 60;

const KIND_OF = {
  failed: "post.failed",
  partly_published: "post.partly_published",
  unconfirmed: "post.unconfirmed",
} as const satisfies Record<string, NotificationKind>;

const TITLE_OF: Record<keyof typeof KIND_OF, string> = {
  failed: "Failed",
  partly_published: "Partly published",
  unconfirmed: "Unconfirmed",
};

/** The post's text for a one-line title: first line, cut to EXCERPT_CHARS with "…". */
function excerptOf(content: string): string {
  const line = (content.split("\n").find((l) => l.trim() !== "") ?? "").trim();
  if (!line) return "a post without text";
  return `“${line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line}”`;
}

/**
 * Reports a publication whose outcome just became final (the worker's finish, lib/publishing/process-publish-job.ts),
 * once per publication: by its outcome (lib/posts/publication-outcome.ts outcomeStateOf) "post.failed" (nothing went
 * out), "post.partly_published" (some channels failed or are unconfirmed) or "post.unconfirmed" (none failed, some may
 * have gone out); nothing when every channel succeeded or it has not finished. Once per finish (the once-key is the
 * publication and its finishedAt): calling again writes nothing, a Retry that finishes it again is reported again. Recipients: members who can schedule posts
 * (posts:schedule: they can retry or fix it). The body lists each failing channel with its error message. Channels
 * the network refused (needs reconnect) are reported too (notifyChannelNeedsReconnect, once per transition).
 * Never throws (logged).
 */
export async function notifyPublicationOutcome({
  db,
  workspaceId,
  publicationId,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  publicationId: string;
  now?: Date;
}): Promise<void> {
  try {
    const publication = await db.publication.findFirst({
      where: { id: publicationId, workspaceId },
      select: {
        finishedAt: true,
        post: { select: { id: true, content: true } },
        results: {
          orderBy: { channelId: "asc" },
          select: {
            status: true,
            errorMessage: true,
            errorKind: true,
            channel: { select: { id: true, displayName: true, needsReconnectAt: true } },
          },
        },
      },
    });
    if (!publication?.finishedAt) return;
    const { results, post, finishedAt } = publication;
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const state = outcomeStateOf(count("SUCCEEDED"), count("FAILED"), count("UNCONFIRMED"));
    if (state && state !== "published") {
      const failing = results.filter((r) => r.status === "FAILED" || r.status === "UNCONFIRMED");
      const body = failing
        .map((r) => {
          const what = r.status === "UNCONFIRMED" ? "unconfirmed" : "failed";
          return `${r.channel.displayName} (${what}): ${r.errorMessage ?? "no message"}`;
        })
        .join("\n");
      await notify({
        db,
        now,
        // Once per finish: a repeat of this call writes nothing; a Retry that reopens and finishes it again does.
        onceKey: `publication:${publicationId}:${finishedAt.toISOString()}`,
        event: {
          kind: KIND_OF[state],
          workspaceId,
          postId: post.id,
          channelId: failing.length === 1 ? (failing[0]?.channel.id ?? null) : null,
          title: `${TITLE_OF[state]}: ${excerptOf(post.content)}`,
          body,
          actorUserId: null,
          recipients: { permission: "posts:schedule" },
        },
      });
    }
    for (const r of results) {
      if (r.errorKind === "channel" && r.channel.needsReconnectAt) {
        await notifyChannelNeedsReconnect({ db, workspaceId, channelId: r.channel.id, now });
      }
    }
  } catch (err) {
    log.error({ err, workspaceId, publicationId }, "could not report the publication's outcome");
  }
}
