"use client";

import { Dialog } from "radix-ui";
import { useDeferredValue, useState } from "react";
import type { TrayMedia } from "@/components/composer/media-tray-state";
import { toTrayMedia } from "@/components/composer/use-media-tray";
import type { MediaView } from "@/components/hooks/api-types";
import { useMediaLibrary } from "@/components/hooks/use-media-library";
import { keepOpenOnToast } from "@/components/ui/keep-open-on-toast";

/**
 * "From library": a dialog listing the workspace's media (GET /api/media, newest first) with thumbnails, a name
 * search and "Load more"; the person selects items and adds them, in the order selected, after the post's own.
 * Items already in the post are shown as such and cannot be added twice.
 */
export function MediaLibraryPicker({
  inPost,
  onPick,
  disabled,
}: {
  inPost: readonly string[];
  onPick: (items: TrayMedia[]) => void;
  disabled: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const query = useDeferredValue(q);
  const [selected, setSelected] = useState<MediaView[]>([]);
  const library = useMediaLibrary({ q: query, enabled: open });
  const items = library.data?.pages.flatMap((p) => p.items) ?? [];

  const toggle = (item: MediaView) =>
    setSelected((s) => (s.some((i) => i.id === item.id) ? s.filter((i) => i.id !== item.id) : [...s, item]));

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSelected([]);
      }}
    >
      <Dialog.Trigger className="button" type="button" disabled={disabled}>
        From library
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="composer-overlay media-picker-overlay" />
        <Dialog.Content
          className="composer media-picker"
          aria-describedby="media-picker-hint"
          onInteractOutside={keepOpenOnToast}
        >
          <header className="composer-head">
            <Dialog.Title className="composer-title">Media library</Dialog.Title>
            <Dialog.Close className="composer-close" aria-label="Close">
              ×
            </Dialog.Close>
          </header>
          <Dialog.Description id="media-picker-hint" className="composer-hint">
            Select items to add to the post, in the order you want them.
          </Dialog.Description>
          <label className="cal-label" htmlFor="media-picker-search">
            Search media
          </label>
          <input
            id="media-picker-search"
            className="input"
            type="search"
            value={q}
            placeholder="File name"
            onChange={(e) => setQ(e.target.value)}
          />
          {library.isPending ? <p className="composer-hint">Loading the library…</p> : null}
          {library.isError ? (
            <p className="field-error" role="alert">
              The library could not be loaded: {library.error.message}
            </p>
          ) : null}
          {library.isSuccess && items.length === 0 ? (
            <p className="composer-hint">
              {query.trim() ? `Nothing named like “${query.trim()}”.` : "The library is empty: upload a file first."}
            </p>
          ) : null}
          <ul className="media-picker-grid" aria-label="Library items">
            {items.map((item) => {
              const used = inPost.includes(item.id);
              const order = selected.findIndex((s) => s.id === item.id);
              return (
                <li key={item.id}>
                  <button
                    type="button"
                    className="media-picker-item"
                    aria-pressed={used || order >= 0}
                    disabled={used}
                    data-media-id={item.id}
                    onClick={() => toggle(item)}
                  >
                    <span className="media-thumb">
                      {item.thumbnailUrl ? (
                        // biome-ignore lint/performance/noImgElement: a small webp the API already sized; next/image would re-encode it
                        <img src={item.thumbnailUrl} alt="" />
                      ) : null}
                      {order >= 0 ? <span className="media-badge">{order + 1}</span> : null}
                      {used ? <span className="media-badge">In post</span> : null}
                    </span>
                    <span className="media-name">{item.name}</span>
                  </button>
                </li>
              );
            })}
          </ul>
          {library.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => void library.fetchNextPage()}
              disabled={library.isFetchingNextPage}
            >
              {library.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          ) : null}
          <footer className="composer-actions">
            <span className="composer-grow" />
            <Dialog.Close className="button" type="button">
              Cancel
            </Dialog.Close>
            <button
              type="button"
              className="button primary"
              disabled={selected.length === 0}
              onClick={() => {
                onPick(selected.map(toTrayMedia));
                setSelected([]);
                setOpen(false);
              }}
            >
              {selected.length ? `Add ${selected.length}` : "Add"}
            </button>
          </footer>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
