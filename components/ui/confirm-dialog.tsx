"use client";

import { AlertDialog } from "radix-ui";
import type { ReactNode } from "react";
import styles from "@/components/ui/confirm-dialog.module.css";
import dialog from "@/components/ui/dialog.module.css";

/**
 * The one "are you sure?" dialog for a destructive step (revoke a token, delete media, disconnect a channel): a
 * modal alert dialog (Radix AlertDialog: focus stays inside, Escape or Cancel closes it) opened by `trigger`, with a
 * title, what will happen (`description`, then any `children` such as the posts it changes), the API's refusal
 * (`error`) and a red confirm button. Open state is the caller's (`open`, `onOpenChange`) so it can close the dialog
 * when its mutation succeeds and keep it open to show the refusal. `onCloseAutoFocus`: where focus goes after
 * closing, when the trigger is gone (e.g. the item was deleted).
 */
export function ConfirmDialog({
  trigger,
  open,
  onOpenChange,
  title,
  description,
  children,
  confirmLabel,
  onConfirm,
  pending = false,
  confirmDisabled = false,
  error = null,
  onCloseAutoFocus,
}: {
  trigger: ReactNode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  confirmDisabled?: boolean;
  error?: string | null;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      {/* No data-state on the trigger: cards mark their own state with data-state (a channel's "Connected"), and
          the trigger button sits inside them. */}
      <AlertDialog.Trigger asChild data-state={undefined}>
        {trigger}
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="composer-overlay" />
        {/* Modal (focus stays inside, the rest is aria-hidden): said out loud for assistive technology and axe, which
            know role="dialog" as modal but not Radix's role="alertdialog" without aria-modal. */}
        <AlertDialog.Content className={dialog.dialog} aria-modal="true" onCloseAutoFocus={onCloseAutoFocus}>
          <AlertDialog.Title className={dialog.title}>{title}</AlertDialog.Title>
          <AlertDialog.Description className="muted">{description}</AlertDialog.Description>
          {children}
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className={dialog.buttons}>
            <AlertDialog.Cancel asChild>
              <button type="button" className="button">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className={`button ${styles.danger}`}
              disabled={pending || confirmDisabled}
              aria-busy={pending}
              onClick={onConfirm}
            >
              {confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
