"use client";

import { type DragEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { MediaLibraryPicker } from "@/components/composer/media-library-picker";
import type { TrayEntry } from "@/components/composer/media-tray-state";
import type { useMediaTray } from "@/components/composer/use-media-tray";
import "@/components/composer/media-tray.css";

type Tray = ReturnType<typeof useMediaTray>;

/** What the file picker offers (the library refuses anything else by content anyway: lib/media/media-types.ts). */
const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm";

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");

/**
 * Dropping files anywhere on the element that spreads `handlers` (the composer's form) uploads them; `over` is true
 * while files are dragged over it, to light up the drop zone. Reordering drags (no files) pass through.
 */
export function useFileDrop(addFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current += 1;
      setOver(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    onDrop: (e: DragEvent) => {
      depth.current = 0;
      setOver(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      addFiles(files);
    },
  };
  return { over, handlers };
}

function entryName(entry: TrayEntry, index: number): string {
  if (entry.state !== "ready") return entry.name;
  return entry.media.name ?? `${entry.media.kind === "VIDEO" ? "Video" : "Image"} ${index + 1}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type FocusTarget = { key: string; on: "thumb" | "earlier" | "later" };

/**
 * The post's media in order: a drop zone with "Add media" (file picker, several files) and "From library", then one
 * card per item with its thumbnail, alt text and controls. Order changes by dragging a card (pointer), by the arrow
 * keys on a focused thumbnail, or by the "earlier"/"later" buttons; each move is announced. Images without alt text
 * carry a reminder (not blocking). Uploads show progress and can be cancelled; a refused file shows why, by name.
 */
export function MediaTray({
  tray,
  fileOver,
  disabled,
  error,
  errorId,
}: {
  tray: Tray;
  fileOver: boolean;
  disabled: boolean;
  error: string[] | undefined;
  errorId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const dragged = useRef<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusAfterMove, setFocusAfterMove] = useState<FocusTarget | null>(null);
  const { entries } = tray;

  // Moving a card re-inserts its DOM node, which drops focus: put it back where the person was.
  useEffect(() => {
    if (!focusAfterMove) return;
    setFocusAfterMove(null);
    const card = list.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusAfterMove.key)}"]`);
    const find = (on: string) => card?.querySelector<HTMLElement>(`[data-focus="${on}"]:not(:disabled)`);
    // At either end its button is disabled: the opposite one keeps focus among the card's move buttons.
    const opposite = focusAfterMove.on === "earlier" ? "later" : focusAfterMove.on === "later" ? "earlier" : "thumb";
    (find(focusAfterMove.on) ?? find(opposite) ?? find("thumb"))?.focus();
  }, [focusAfterMove]);

  const move = (key: string, to: number, on: FocusTarget["on"]) => {
    const from = entries.findIndex((e) => e.key === key);
    const entry = entries[from];
    if (!entry) return;
    const target = Math.min(Math.max(to, 0), entries.length - 1);
    if (target === from) return;
    tray.move(key, target);
    setAnnouncement(`${entryName(entry, from)} moved to position ${target + 1} of ${entries.length}`);
    setFocusAfterMove({ key, on });
  };

  const onThumbKey = (e: KeyboardEvent, key: string, index: number) => {
    const to =
      e.key === "ArrowLeft" || e.key === "ArrowUp"
        ? index - 1
        : e.key === "ArrowRight" || e.key === "ArrowDown"
          ? index + 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? entries.length - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    move(key, to, "thumb");
  };

  const inPost = entries.flatMap((e) => (e.state === "ready" ? [e.media.id] : []));
  const images = entries.filter((e) => e.state === "ready").length;

  return (
    <div className="cal-field">
      <span className="cal-label" id="composer-media-label">
        Media
      </span>
      <div className={fileOver ? "media-drop is-over" : "media-drop"} data-media-drop="">
        <p className="composer-hint">
          {fileOver ? "Drop to upload" : "Drop images or videos here, or paste one."}{" "}
          <span className="visually-hidden">Accepted: JPEG, PNG, WebP, GIF, MP4, MOV, WebM.</span>
        </p>
        <div className="media-drop-actions">
          <button type="button" className="button" onClick={() => input.current?.click()} disabled={disabled}>
            Add media
          </button>
          <MediaLibraryPicker inPost={inPost} onPick={tray.addFromLibrary} disabled={disabled} />
        </div>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Media files to upload"
          data-media-input=""
          onChange={(e) => {
            tray.addFiles(Array.from(e.target.files ?? []));
            e.target.value = "";
          }}
        />
      </div>
      {entries.length ? (
        <ol
          ref={list}
          className="media-tray"
          aria-labelledby="composer-media-label"
          aria-describedby={error ? errorId : undefined}
        >
          {entries.map((entry, index) => {
            const name = entryName(entry, index);
            const altId = `media-alt-${entry.key}`;
            const promptId = `media-alt-prompt-${entry.key}`;
            const ready = entry.state === "ready";
            const needsAlt = ready && entry.media.kind !== "VIDEO" && entry.altText.trim() === "";
            const thumb = ready ? entry.media.thumbnailUrl : tray.previewOf(entry.key);
            return (
              <li
                key={entry.key}
                data-key={entry.key}
                data-media-id={ready ? entry.media.id : undefined}
                data-state={entry.state}
                className={dropTarget === entry.key ? "media-card is-target" : "media-card"}
                draggable={ready && !disabled}
                onDragStart={(e) => {
                  dragged.current = entry.key;
                  e.dataTransfer.effectAllowed = "move";
                  e.dataTransfer.setData("text/plain", name);
                }}
                onDragEnd={() => {
                  dragged.current = null;
                  setDropTarget(null);
                }}
                onDragOver={(e) => {
                  if (!dragged.current) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = "move";
                  setDropTarget(entry.key);
                }}
                onDragLeave={() => setDropTarget((t) => (t === entry.key ? null : t))}
                onDrop={(e) => {
                  const key = dragged.current;
                  if (!key) return;
                  e.preventDefault();
                  e.stopPropagation();
                  dragged.current = null;
                  setDropTarget(null);
                  move(key, index, "thumb");
                }}
              >
                {/* The thumbnail is the keyboard handle for reordering (as dnd-kit's sortable: a button whose role is described). */}
                <button
                  type="button"
                  className="media-thumb"
                  tabIndex={ready && !disabled ? 0 : -1}
                  data-focus="thumb"
                  aria-roledescription="sortable media item"
                  aria-label={`${name}, ${index + 1} of ${entries.length}${ready ? ". Arrow keys move it" : ""}`}
                  onKeyDown={ready && !disabled ? (e) => onThumbKey(e, entry.key, index) : undefined}
                >
                  {thumb ? (
                    // biome-ignore lint/performance/noImgElement: the API's small webp thumbnail, or a local preview (blob: URL) next/image cannot load
                    <img src={thumb} alt="" draggable={false} />
                  ) : (
                    <span className="media-thumb-name">{name}</span>
                  )}
                  {ready && entry.media.kind === "VIDEO" ? <span className="media-badge">Video</span> : null}
                  {ready && entry.media.kind === "GIF" ? <span className="media-badge">GIF</span> : null}
                </button>
                <span className="media-name" title={name}>
                  {name}
                </span>
                {entry.state === "queued" || entry.state === "uploading" ? (
                  <>
                    <progress
                      className="media-progress"
                      max={entry.bytes || 1}
                      value={entry.state === "uploading" ? entry.loaded : undefined}
                      aria-label={`Uploading ${name}`}
                    />
                    <span className="composer-hint">
                      {entry.state === "queued"
                        ? "Waiting…"
                        : `${formatBytes(entry.loaded)} of ${formatBytes(entry.bytes)}`}
                    </span>
                    <button type="button" className="media-tool" onClick={() => tray.remove(entry.key)}>
                      Cancel<span className="visually-hidden"> upload of {name}</span>
                    </button>
                  </>
                ) : null}
                {entry.state === "failed" ? (
                  <>
                    <p className="field-error media-error" role="alert" data-media-error={name}>
                      {name}: {entry.error}
                    </p>
                    <button type="button" className="media-tool" onClick={() => tray.remove(entry.key)}>
                      Dismiss<span className="visually-hidden"> {name}</span>
                    </button>
                  </>
                ) : null}
                {ready ? (
                  <>
                    <div className="media-tools">
                      <button
                        type="button"
                        className="media-tool"
                        data-focus="earlier"
                        aria-label={`Move ${name} earlier`}
                        disabled={disabled || index === 0}
                        onClick={() => move(entry.key, index - 1, "earlier")}
                      >
                        ←
                      </button>
                      <button
                        type="button"
                        className="media-tool"
                        data-focus="later"
                        aria-label={`Move ${name} later`}
                        disabled={disabled || index === entries.length - 1}
                        onClick={() => move(entry.key, index + 1, "later")}
                      >
                        →
                      </button>
                      <button
                        type="button"
                        className="media-tool"
                        aria-label={`Remove ${name}`}
                        disabled={disabled}
                        onClick={() => {
                          tray.remove(entry.key);
                          setAnnouncement(`${name} removed`);
                        }}
                      >
                        ×
                      </button>
                    </div>
                    <label className="visually-hidden" htmlFor={altId}>
                      Alt text for {name}
                    </label>
                    <textarea
                      id={altId}
                      className="input media-alt"
                      rows={2}
                      maxLength={1500}
                      placeholder="Alt text"
                      value={entry.altText}
                      onChange={(e) => tray.setAltText(entry.key, e.target.value)}
                      aria-describedby={needsAlt ? promptId : undefined}
                    />
                    {needsAlt ? (
                      <p id={promptId} className="media-alt-prompt">
                        Add alt text: people using screen readers hear it in place of the image.
                      </p>
                    ) : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {images > 20 ? <p className="field-error">A post holds at most 20 media items; this one has {images}.</p> : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
