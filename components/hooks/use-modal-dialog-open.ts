"use client";

import { useSyncExternalStore } from "react";

/**
 * An open dialog: a Radix Dialog or AlertDialog content (role dialog/alertdialog, data-state "open") that is not a
 * popover (Radix Popover's content is also role="dialog", inside a `data-radix-popper-content-wrapper`).
 */
function modalDialogOpen(): boolean {
  for (const el of document.querySelectorAll(
    '[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]',
  )) {
    if (!el.closest("[data-radix-popper-content-wrapper]")) return true;
  }
  return false;
}

/**
 * Radix portals every dialog into its own child of <body>, mounted when the dialog opens and removed when it closes,
 * so watching body's children (not the whole tree) sees each open and close.
 */
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { childList: true });
  return () => observer.disconnect();
}

/** True while a modal dialog (the composer, a confirmation, the shortcuts help) is open; false on the server. */
export function useModalDialogOpen(): boolean {
  return useSyncExternalStore(subscribe, modalDialogOpen, () => false);
}
