import type { ContentMedia } from "@/lib/publishing/rules/types";

/**
 * The composer's media, in the post's order: library items (uploaded here, picked from the library, or the post's
 * own) and the files still on their way. Pure: the hook (use-media-tray.ts) holds the File objects and requests,
 * this module only the state, so every transition is testable without a browser.
 */

/** A library item as the composer shows it and the platform rules read it (from GET /api/media or a post's media). */
export type TrayMedia = {
  id: string;
  /** Display name; null where unknown. */
  name: string | null;
  kind: ContentMedia["kind"];
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  durationMs: number | null;
  thumbnailUrl: string | null;
};

export type TrayEntry =
  /** Waiting for a free upload slot. */
  | { key: string; state: "queued"; name: string; bytes: number }
  /** `loaded` of `bytes` sent so far (XMLHttpRequest upload progress). */
  | { key: string; state: "uploading"; name: string; bytes: number; loaded: number }
  /** Refused by the server (or the network failed): the reason is shown on this file only. */
  | { key: string; state: "failed"; name: string; error: string }
  | { key: string; state: "ready"; media: TrayMedia; altText: string };

export type TrayAction =
  | { type: "queue"; files: { key: string; name: string; bytes: number }[] }
  | { type: "start"; key: string }
  | { type: "progress"; key: string; loaded: number }
  | { type: "uploaded"; key: string; media: TrayMedia }
  | { type: "failed"; key: string; error: string }
  /** Library items appended in order; one already in the tray is not added twice (a post lists each item once). */
  | { type: "add"; media: { media: TrayMedia; altText?: string | null }[] }
  /** Removes an entry (a cancelled upload included); later answers for that key are ignored. */
  | { type: "remove"; key: string }
  /** Moves an entry to index `to` (clamped to the list). */
  | { type: "move"; key: string; to: number }
  | { type: "alt"; key: string; altText: string };

/** How many files upload at once; the rest wait as "queued". The server processes two per process anyway. */
export const MAX_PARALLEL_UPLOADS = 3;

/** A library item's entry key: stable across renders and unique while each item is in the tray once. */
export const mediaKey = (id: string) => `media:${id}`;

/**
 * `list` with the element at `from` moved to `to` (both clamped into range); the others keep their order. Returns a
 * new array; `list` itself is not changed.
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (next.length === 0) return next;
  const source = Math.min(Math.max(from, 0), next.length - 1);
  const target = Math.min(Math.max(to, 0), next.length - 1);
  const [item] = next.splice(source, 1) as [T];
  next.splice(target, 0, item);
  return next;
}

function update(entries: TrayEntry[], key: string, change: (entry: TrayEntry) => TrayEntry | null): TrayEntry[] {
  const index = entries.findIndex((e) => e.key === key);
  const entry = entries[index];
  if (!entry) return entries;
  const next = change(entry);
  if (next === entry) return entries;
  return next === null ? entries.filter((_, i) => i !== index) : entries.map((e, i) => (i === index ? next : e));
}

export function trayReducer(entries: TrayEntry[], action: TrayAction): TrayEntry[] {
  switch (action.type) {
    case "queue":
      return [...entries, ...action.files.map((f) => ({ ...f, state: "queued" as const }))];
    case "start":
      return update(entries, action.key, (e) => (e.state === "queued" ? { ...e, state: "uploading", loaded: 0 } : e));
    case "progress":
      return update(entries, action.key, (e) =>
        e.state === "uploading" ? { ...e, loaded: Math.min(Math.max(action.loaded, e.loaded), e.bytes) } : e,
      );
    case "uploaded": {
      // The same item twice cannot be in one post: a duplicate answer drops the upload's entry instead.
      if (entries.some((e) => e.state === "ready" && e.media.id === action.media.id))
        return update(entries, action.key, () => null);
      return update(entries, action.key, (e) =>
        e.state === "uploading" || e.state === "queued"
          ? { key: e.key, state: "ready", media: action.media, altText: "" }
          : e,
      );
    }
    case "failed":
      return update(entries, action.key, (e) =>
        e.state === "uploading" || e.state === "queued"
          ? { key: e.key, state: "failed", name: e.name, error: action.error }
          : e,
      );
    case "add": {
      const present = new Set(entries.flatMap((e) => (e.state === "ready" ? [e.media.id] : [])));
      const added: TrayEntry[] = [];
      for (const { media, altText } of action.media) {
        if (present.has(media.id)) continue;
        present.add(media.id);
        added.push({ key: mediaKey(media.id), state: "ready", media, altText: altText ?? "" });
      }
      return added.length ? [...entries, ...added] : entries;
    }
    case "remove":
      return update(entries, action.key, () => null);
    case "move": {
      const from = entries.findIndex((e) => e.key === action.key);
      if (from < 0) return entries;
      return moveItem(entries, from, action.to);
    }
    case "alt":
      return update(entries, action.key, (e) => (e.state === "ready" ? { ...e, altText: action.altText } : e));
  }
}

/** Keys of the queued entries to start now, oldest first, so that at most `max` upload at once. */
export function uploadsToStart(entries: readonly TrayEntry[], max = MAX_PARALLEL_UPLOADS): string[] {
  const active = entries.filter((e) => e.state === "uploading").length;
  return entries
    .filter((e) => e.state === "queued")
    .slice(0, Math.max(0, max - active))
    .map((e) => e.key);
}

/** Files still queued or uploading: the post cannot be saved with them yet. */
export const pendingUploads = (entries: readonly TrayEntry[]) =>
  entries.filter((e) => e.state === "queued" || e.state === "uploading").length;

type Ready = Extract<TrayEntry, { state: "ready" }>;
const readyOf = (entries: readonly TrayEntry[]) => entries.filter((e): e is Ready => e.state === "ready");

/** The post's `media` body: the ready items in order, each `{ id, altText }`; blank alt text is left out (none). */
export function toPostMediaInput(entries: readonly TrayEntry[]): { id: string; altText?: string }[] {
  return readyOf(entries).map((e) =>
    e.altText.trim() === "" ? { id: e.media.id } : { id: e.media.id, altText: e.altText },
  );
}

/** What the platform rules read of the ready items (lib/publishing/rules ContentInput.media), in order. */
export function toContentMediaList(entries: readonly TrayEntry[]): ContentMedia[] {
  return readyOf(entries).map(({ media }) => ({
    kind: media.kind,
    mimeType: media.mimeType,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    durationMs: media.durationMs,
  }));
}

/**
 * The sentence shown on a refused file, from the upload's HTTP status and the server's message: 415 "type not
 * accepted", 413 "too big", 422 "could not be read", 0 the network; the server's own message follows.
 */
export function uploadErrorText(status: number, message: string): string {
  const what =
    status === 415
      ? "Type not accepted"
      : status === 413
        ? "Too big"
        : status === 422
          ? "Could not be read"
          : status === 0
            ? "Not uploaded"
            : `Refused (${status})`;
  return `${what}: ${message}`;
}
