"use client";

import { Dialog } from "radix-ui";
import "@/components/composer/sent-card.css";
import { useState } from "react";
import { toast } from "sonner";
import { PublicationResults } from "@/components/composer/publication-results";
import { SentMetrics } from "@/components/composer/sent-metrics";
import { StatusBadge } from "@/components/composer/status-badge";
import type { PostView } from "@/components/hooks/api-types";
import { useCan } from "@/components/hooks/use-permission";
import { type DuplicateResult, useDuplicatePost } from "@/components/hooks/use-post-mutations";
import { useSession } from "@/components/hooks/use-session";
import { formatDateTime } from "@/lib/time/format-date-time";

/** Roles that may write posts (lib/auth/permissions.ts ROLE_PERMISSIONS: posts:write), for the "Duplicate into" list. */
const WRITERS = new Set(["OWNER", "ADMIN", "EDITOR"]);

/**
 * A published post, read-only (README "Composer"): when it went out, its text and media, and per channel what went
 * out where with links (PublicationResults, which also offers retries for a channel that failed) and its metrics so far
 * (SentMetrics). "Edit as new" makes
 * a draft copy here and opens it (`onOpenCopy`); "Duplicate" makes the copy (into this workspace or, when the person
 * writes in others, one of them) and says so in the card, naming any channel that could not come along, with
 * "Open the copy" for one made here.
 */
export function SentCard({ post, onOpenCopy }: { post: PostView; onOpenCopy: (copy: PostView) => void }) {
  const session = useSession();
  const canWrite = useCan("posts:write");
  const duplicate = useDuplicatePost();
  const elsewhere = session.workspaces.filter((w) => w.id !== session.workspace.id && WRITERS.has(w.role));
  const [into, setInto] = useState(session.workspace.id);
  /** The last Duplicate's copy, said inside the card (a toast outside a modal dialog cannot be clicked). */
  const [copied, setCopied] = useState<{ result: DuplicateResult; where: string | null } | null>(null);
  const zone = post.timezone ?? session.workspace.timezone;
  const sentAt = post.lastPublishedAt ?? post.latestPublication?.finishedAt ?? null;
  const texts = (post.latestPublication?.results ?? []).filter(
    (r) => r.status === "SUCCEEDED" && r.sentContent !== null && r.sentContent !== post.content,
  );

  const droppedNote = (result: DuplicateResult) =>
    result.droppedChannels.length > 0
      ? `Not copied: ${result.droppedChannels.map((c) => `${c.displayName} (${c.reason})`).join(", ")}`
      : undefined;
  const onEditAsNew = () =>
    duplicate.mutate(
      { id: post.id },
      {
        onSuccess: (result) => {
          toast.success("A draft copy to edit", { description: droppedNote(result) });
          onOpenCopy(result.post);
        },
        onError: (err) => toast.error(err.message),
      },
    );
  const onDuplicate = () => {
    const target = session.workspaces.find((w) => w.id === into);
    const other = into !== session.workspace.id;
    duplicate.mutate(
      { id: post.id, workspaceId: other ? into : undefined },
      {
        onSuccess: (result) => setCopied({ result, where: other ? (target?.name ?? "the other workspace") : null }),
        onError: (err) => toast.error(err.message),
      },
    );
  };

  return (
    <article className="composer-form sent-card" data-testid="sent-card">
      <header className="composer-head">
        <Dialog.Title className="composer-title">Sent post</Dialog.Title>
        <StatusBadge post={post} />
        <Dialog.Close className="composer-close" aria-label="Close">
          ×
        </Dialog.Close>
      </header>
      <Dialog.Description id="composer-description" className="composer-hint">
        {sentAt ? `Went out ${formatDateTime(sentAt, { timeZone: zone, now: new Date() })}. ` : ""}
        What was sent cannot be changed here: duplicate it to post it again.
      </Dialog.Description>
      <div className="composer-body">
        <section aria-labelledby="sent-card-text">
          <h3 id="sent-card-text" className="cal-label">
            Text
          </h3>
          <p className="sent-card-text" data-testid="sent-text">
            {post.content}
          </p>
          {texts.map((r) => (
            <div key={r.id} className="sent-card-channel-text">
              <h4 className="cal-label">{`Sent to ${post.channels.find((c) => c.id === r.channelId)?.displayName ?? r.platform}`}</h4>
              <p className="sent-card-text">{r.sentContent}</p>
            </div>
          ))}
        </section>
        {post.media.length > 0 ? (
          <section aria-label="Media" className="sent-card-media">
            {post.media.map((m) =>
              m.thumbnailUrl ? (
                // biome-ignore lint/performance/noImgElement: a small signed thumbnail of the API, not a Next asset
                <img key={m.id} src={m.thumbnailUrl} alt={m.altText ?? m.name} width={96} height={96} />
              ) : (
                <span key={m.id}>{m.name}</span>
              ),
            )}
          </section>
        ) : null}
        {post.tags.length > 0 ? <p className="composer-hint">Tags: {post.tags.join(", ")}</p> : null}
        <PublicationResults post={post} />
        <SentMetrics post={post} timeZone={session.workspace.timezone} />
        {copied ? (
          <div className="sent-card-copied" role="status" data-testid="duplicated">
            <p>
              {copied.where ? `Duplicated into ${copied.where} as a draft.` : "Duplicated: the copy is a draft."}
              {droppedNote(copied.result) ? ` ${droppedNote(copied.result)}.` : ""}
            </p>
            {copied.where ? null : (
              <button type="button" className="button" onClick={() => onOpenCopy(copied.result.post)}>
                Open the copy
              </button>
            )}
          </div>
        ) : null}
      </div>
      <footer className="composer-actions">
        {canWrite ? (
          <>
            {elsewhere.length > 0 ? (
              <label className="sent-card-into">
                Duplicate into{" "}
                <select className="input" value={into} onChange={(e) => setInto(e.target.value)}>
                  <option value={session.workspace.id}>{session.workspace.name} (this workspace)</option>
                  {elsewhere.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button type="button" className="button" onClick={onDuplicate} disabled={duplicate.isPending}>
              Duplicate
            </button>
            <span className="composer-grow" />
            <button type="button" className="button primary" onClick={onEditAsNew} disabled={duplicate.isPending}>
              {duplicate.isPending ? "Copying…" : "Edit as new"}
            </button>
          </>
        ) : (
          <span className="composer-readonly" role="note">
            Your role can view posts but not copy them
          </span>
        )}
      </footer>
    </article>
  );
}
