"use client";

import { useSyncExternalStore } from "react";

// Posts deleted in this tab whose deletion is still held back for its Undo toast (components/hooks/use-undo-toasts.ts):
// every list (calendar, drafts, /posts) hides them until the deletion is sent or undone.

let pending: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const EMPTY: ReadonlySet<string> = new Set();

function update(next: Set<string>) {
  pending = next;
  for (const listener of listeners) listener();
}

export function holdDeletion(id: string) {
  update(new Set([...pending, id]));
}

export function releaseDeletion(id: string) {
  const next = new Set(pending);
  next.delete(id);
  update(next);
}

/** The ids of posts whose deletion is pending (a new Set on each change, so it can be a dependency). */
export function usePendingDeletions(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => pending,
    () => EMPTY,
  );
}
