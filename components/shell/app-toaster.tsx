"use client";

import { Toaster } from "sonner";
import { useModalDialogOpen } from "@/components/hooks/use-modal-dialog-open";

/**
 * The dashboard's toasts (sonner), bottom-right — out of the page's way — except while a modal dialog is open: then at
 * the top centre, where they cannot cover the dialog's action buttons ("Schedule", "Add to queue" in the composer's
 * footer; on a phone the composer is a bottom sheet, so the bottom is where its buttons are). Toasts already shown move
 * with the position. They stay clickable over a dialog (globals.css gives them pointer events back from Radix's
 * `body { pointer-events: none }`; the composer does not close for a click on one), and Alt+T focuses them when no
 * dialog holds the focus.
 */
export function AppToaster() {
  const overDialog = useModalDialogOpen();
  return <Toaster position={overDialog ? "top-center" : "bottom-right"} richColors closeButton theme="system" />;
}
