"use client";

import Link from "next/link";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { localDateTime } from "@/components/evergreen/format";
import { useCan } from "@/components/hooks/use-permission";
import { formatBytes, formatDuration } from "@/components/library/format";
import styles from "@/components/library/library.module.css";
import { type MediaListItem, useDeleteMedia, useRenameMedia } from "@/components/library/use-media-library";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusBadge } from "@/components/ui/status-badge";

const KIND_LABEL: Record<MediaListItem["kind"], string> = { IMAGE: "Image", GIF: "GIF", VIDEO: "Video" };
/** Posts in these states keep an item from being deleted (lib/media/delete-media.ts). */
const BLOCKING = new Set(["SCHEDULED", "PUBLISHING", "IN_REVIEW"]);

/** One library item: thumbnail, name (renamable), facts, the posts that use it, and delete. */
export function MediaCard({ item, timezone }: { item: MediaListItem; timezone: string }) {
  const blockers = item.usedIn.filter((u) => BLOCKING.has(u.status));
  const reasonId = `media-${item.id}-blocked`;
  // Rename and delete need media:write: a Viewer or Approver does not get them (rendered out: the actions row is
  // display:flex, which a `hidden` attribute does not beat).
  const canWrite = useCan("media:write");
  return (
    <li className={styles.card} data-media-id={item.id} data-kind={item.kind}>
      <div className={styles.thumb}>
        {item.thumbnailUrl ? (
          // The name is written right below: the picture adds nothing a screen reader needs.
          // biome-ignore lint/performance/noImgElement: a private, already-sized thumbnail; next/image would proxy it
          <img src={item.thumbnailUrl} alt="" loading="lazy" decoding="async" />
        ) : (
          <span className={styles.noThumb} aria-hidden="true">
            No preview
          </span>
        )}
        {item.kind === "VIDEO" ? (
          <span className={styles.videoMark} data-testid="video-marker">
            <span aria-hidden="true">▶</span>
            <span className="visually-hidden">Video,</span>{" "}
            {item.durationMs !== null ? formatDuration(item.durationMs) : null}
          </span>
        ) : null}
      </div>
      <div className={styles.body}>
        <MediaName item={item} canRename={canWrite} />
        <p className={styles.facts}>
          <span>{KIND_LABEL[item.kind]}</span>
          <span>
            {item.width}×{item.height}
          </span>
          <span>{formatBytes(item.bytes)}</span>
          {item.kind === "VIDEO" && item.durationMs !== null ? <span>{formatDuration(item.durationMs)}</span> : null}
        </p>
        <UsedIn item={item} timezone={timezone} />
        {canWrite ? (
          <div className={styles.actions}>
            <DeleteButton item={item} blocked={blockers.length > 0} reasonId={reasonId} />
            {blockers.length > 0 ? (
              <p id={reasonId} className={styles.blocked}>
                Can’t delete: used by{" "}
                {blockers.length === 1 ? "a scheduled post" : `${blockers.length} scheduled posts`}. Unschedule{" "}
                {blockers.length === 1 ? "it" : "them"} or remove the item first.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The name, and (with media:write) "Rename" turning it into a field: Enter or Save keeps it, Escape or Cancel goes
 * back. A Viewer or Approver sees the name only.
 */
function MediaName({ item, canRename }: { item: MediaListItem; canRename: boolean }) {
  const rename = useRenameMedia();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(item.name);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (editing) input.current?.select();
    else if (returnFocus.current) {
      returnFocus.current = false;
      renameButton.current?.focus();
    }
  }, [editing]);

  const stop = () => {
    returnFocus.current = true;
    setEditing(false);
    setError(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const name = value.trim();
    if (name === item.name) return stop();
    rename.mutate(
      { id: item.id, name },
      {
        onSuccess: (saved) => {
          setValue(saved.name);
          toast.success(`Renamed to ${saved.name}`);
          stop();
        },
        onError: (e) => setError(e.message),
      },
    );
  };

  if (!editing || !canRename)
    return (
      <div className={styles.nameRow}>
        <h3 className={styles.name} title={item.name}>
          {item.name}
        </h3>
        {canRename ? (
          <button
            ref={renameButton}
            type="button"
            className={styles.linkButton}
            aria-label={`Rename ${item.name}`}
            onClick={() => {
              setValue(item.name);
              setEditing(true);
            }}
          >
            Rename
          </button>
        ) : null}
      </div>
    );
  const errorId = `media-${item.id}-name-error`;
  return (
    <form className={styles.renameForm} onSubmit={onSubmit}>
      <label className="visually-hidden" htmlFor={`media-${item.id}-name`}>
        New name for {item.name}
      </label>
      <input
        ref={input}
        id={`media-${item.id}-name`}
        value={value}
        maxLength={255}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            stop();
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <div className={styles.renameButtons}>
        <button type="submit" className="button primary" disabled={rename.isPending}>
          Save
        </button>
        <button type="button" className="button" onClick={stop}>
          Cancel
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The posts using the item (not deleted ones), each opening on the calendar. */
function UsedIn({ item, timezone }: { item: MediaListItem; timezone: string }) {
  if (item.usedInCount === 0) return <p className={styles.unused}>Not used in any post</p>;
  const more = item.usedInCount - item.usedIn.length;
  const headingId = `media-${item.id}-used`;
  return (
    <div className={styles.usedIn}>
      <p id={headingId} className={styles.usedTitle}>
        Used in {item.usedInCount} {item.usedInCount === 1 ? "post" : "posts"}
      </p>
      <ul aria-labelledby={headingId} className={styles.usedList}>
        {item.usedIn.map((use) => (
          <li key={use.postId} data-post-id={use.postId}>
            <Link href={`/?post=${encodeURIComponent(use.postId)}`} className={styles.usedLink}>
              {use.excerpt || <em>No text</em>}
            </Link>
            <span className={styles.usedMeta}>
              <StatusBadge status={use.status} />
              <span>{use.scheduledAt ? localDateTime(use.scheduledAt, timezone) : "No time set"}</span>
            </span>
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="muted">and {more} more</p> : null}
    </div>
  );
}

/** Delete, after a confirmation; refused up front while a scheduled post uses the item, and the API's 409 shown. */
function DeleteButton({ item, blocked, reasonId }: { item: MediaListItem; blocked: boolean; reasonId: string }) {
  const remove = useDeleteMedia();
  const [open, setOpen] = useState(false);
  const deleted = useRef(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
      trigger={
        <button
          type="button"
          className="button"
          disabled={blocked}
          aria-describedby={blocked ? reasonId : undefined}
          aria-label={`Delete ${item.name}`}
        >
          Delete
        </button>
      }
      title={`Delete ${item.name}?`}
      description={`The file and its thumbnail are removed for good.${
        item.usedInCount > 0 ? " Drafts and sent posts that use it lose it (what was published stays)." : ""
      }`}
      confirmLabel="Delete"
      pending={remove.isPending}
      error={remove.error?.message}
      onCloseAutoFocus={(event) => {
        // The card (and its Delete button, where focus would return) is gone: continue from the search field.
        if (!deleted.current) return;
        event.preventDefault();
        document.getElementById("media-search")?.focus();
      }}
      onConfirm={() =>
        remove.mutate(item.id, {
          onSuccess: () => {
            deleted.current = true;
            setOpen(false);
            toast.success(`Deleted ${item.name}`);
          },
        })
      }
    />
  );
}
