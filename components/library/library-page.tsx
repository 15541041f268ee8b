"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type DragEvent, useCallback, useEffect, useRef, useState } from "react";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import styles from "@/components/library/library.module.css";
import { MediaCard } from "@/components/library/media-card";
import { UploadList } from "@/components/library/upload-list";
import { type MediaKindFilter, useMediaLibrary, useRefreshMedia } from "@/components/library/use-media-library";
import { useUploads } from "@/components/library/use-uploads";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";

/** What the upload picker offers (the API decides from the bytes: lib/media/classify-upload.ts). */
const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm";
const FILTERS: { value: MediaKindFilter; label: string }[] = [
  { value: undefined, label: "All" },
  { value: "image", label: "Images" },
  { value: "video", label: "Videos" },
];
const SEARCH_DEBOUNCE_MS = 300;

function readKind(raw: string | null): MediaKindFilter {
  return raw === "image" || raw === "video" ? raw : undefined;
}

/**
 * The Media page (/library): the workspace's library as a grid, searchable by name (?q=, debounced) and filtered by
 * kind (?kind=image|video), both kept in the URL; pages on nextCursor with "Load more". Upload with the button or
 * by dropping files anywhere on the page, with progress and the API's refusal per file.
 */
export function LibraryPage() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlQ = params.get("q") ?? "";
  const kind = readKind(params.get("kind"));
  const timezone = useSession().workspace.timezone;
  const library = useMediaLibrary({ q: urlQ.trim(), kind });
  const refresh = useRefreshMedia();
  const { uploads, start, clearFinished } = useUploads(useCallback(() => void refresh(), [refresh]));
  const fileInput = useRef<HTMLInputElement>(null);
  // Uploading (and deleting, in each card) needs media:write: a Viewer or Approver browses only.
  const canWrite = useCan("media:write");
  const [dragging, setDragging] = useState(false);

  const setUrl = useCallback(
    (next: { q: string; kind: MediaKindFilter }) => {
      const qs = new URLSearchParams();
      if (next.q) qs.set("q", next.q);
      if (next.kind) qs.set("kind", next.kind);
      const query = qs.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  // The field follows the person typing; the URL (and the request) follows the field after a pause. A URL change from
  // elsewhere (back button, a link) is copied into the field unless it is the one this field just wrote.
  const [text, setText] = useState(urlQ);
  const written = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== written.current) {
      written.current = urlQ;
      setText(urlQ);
    }
  }, [urlQ]);
  useEffect(() => {
    if (text === written.current) return;
    const timer = setTimeout(() => {
      written.current = text;
      setUrl({ q: text, kind });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, kind, setUrl]);

  const items = library.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = urlQ.trim() !== "" || kind !== undefined;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0 && canWrite) start(files);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a shortcut; the Upload button does the same by keyboard
    <div
      className={`${page.page} ${styles.dropZone}`}
      data-dragging={dragging || undefined}
      onDragOver={(e) => {
        if (!canWrite || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.currentTarget.contains(e.relatedTarget as Node | null))
          setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className={page.header}>
        <div>
          <h1>Media</h1>
          <p className="muted">Images and videos for your posts. Drop files anywhere on this page to upload them.</p>
        </div>
        <div className={page.controls}>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            data-testid="media-file-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = "";
              if (files.length > 0) start(files);
            }}
          />
          {canWrite ? (
            <button type="button" className="button primary" onClick={() => fileInput.current?.click()}>
              Upload
            </button>
          ) : null}
        </div>
      </header>

      <UploadList uploads={uploads} onClear={clearFinished} />

      <section className="card" aria-labelledby="library-heading">
        <div className={styles.toolbar}>
          <h2 id="library-heading" className="visually-hidden">
            Library
          </h2>
          <div className={styles.search}>
            <label htmlFor="media-search">Search by name</label>
            <input
              id="media-search"
              type="search"
              value={text}
              placeholder="e.g. sunset"
              maxLength={200}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons, not a form fieldset */}
          <div className={styles.filters} role="group" aria-label="Kind">
            {FILTERS.map((f) => (
              <button
                key={f.label}
                type="button"
                className={styles.filter}
                aria-pressed={kind === f.value}
                onClick={() => setUrl({ q: text, kind: f.value })}
              >
                {f.label}
              </button>
            ))}
          </div>
          {/* role="status" is a polite live region by itself; an explicit aria-live would keep it (and so its
              ancestors' siblings, aria-hidden but focusable) uncovered while the delete dialog is open (aria-hidden). */}
          <p className={`muted ${styles.count}`} role="status">
            {library.data
              ? `${items.length}${library.hasNextPage ? "+" : ""} ${items.length === 1 ? "item" : "items"}`
              : ""}
          </p>
        </div>

        {library.isError ? (
          <ErrorState
            title="Could not load the media library"
            message={library.error.message}
            onRetry={() => void library.refetch()}
          />
        ) : !library.data ? (
          <LoadingRows rows={4} label="Loading the media library…" />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="Nothing matches">
              No {kind === "image" ? "images" : kind === "video" ? "videos" : "items"}
              {urlQ.trim() ? ` with “${urlQ.trim()}” in the name` : ""}.
            </EmptyState>
          ) : (
            <EmptyState title="No media yet">Upload images and videos, or drop them on this page.</EmptyState>
          )
        ) : (
          <>
            <ul className={styles.grid} aria-label="Media items">
              {items.map((item) => (
                <MediaCard key={item.id} item={item} timezone={timezone} />
              ))}
            </ul>
            {library.hasNextPage ? (
              <div className={styles.more}>
                <button
                  type="button"
                  className="button"
                  onClick={() => void library.fetchNextPage()}
                  disabled={library.isFetchingNextPage}
                  aria-busy={library.isFetchingNextPage}
                >
                  {library.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              </div>
            ) : null}
          </>
        )}
      </section>
      {dragging ? (
        <div className={styles.dropHint} aria-hidden="true">
          Drop to upload
        </div>
      ) : null}
    </div>
  );
}
