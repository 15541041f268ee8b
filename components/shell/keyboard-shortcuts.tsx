"use client";

import { Dialog } from "radix-ui";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useCompose } from "@/components/shell/compose-provider";
import styles from "@/components/shell/keyboard-shortcuts.module.css";
import { SHORTCUTS, shortcutFor } from "@/components/shell/shortcut-for";
import dialog from "@/components/ui/dialog.module.css";
import { keepOpenOnToast } from "@/components/ui/keep-open-on-toast";

// What `/` focuses: the page's search box (the Posts page's text search), else the page's first filter control.
const SEARCH = "main input[type='search'], main [role='searchbox']";
const FILTER = "main [data-shortcut-filter], main select, main [role='combobox']";

function focusSearch(): boolean {
  const target = document.querySelector<HTMLElement>(SEARCH) ?? document.querySelector<HTMLElement>(FILTER);
  if (!target) return false;
  target.focus();
  return true;
}

/**
 * Listens for the dashboard's shortcuts (components/shell/shortcut-for.ts) on the whole page and owns the `?` help
 * dialog. `n` opens the composer for a new post only when the role may write posts.
 */
export function KeyboardShortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);
  const { openNewPost } = useCompose();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      if (action === "help") setHelpOpen(true);
      else if (action === "new-post") {
        if (!openNewPost) {
          toast.info("Your role cannot create posts");
          return;
        }
        openNewPost();
      } else if (!focusSearch()) toast.info("Nothing to search or filter on this page");
      event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [openNewPost]);

  return (
    <Dialog.Root open={helpOpen} onOpenChange={setHelpOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="composer-overlay" />
        <Dialog.Content
          className={`${dialog.dialog} ${styles.wide}`}
          aria-describedby={undefined}
          onInteractOutside={keepOpenOnToast}
        >
          <Dialog.Title className={dialog.title}>Keyboard shortcuts</Dialog.Title>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">What it does</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.key}>
                  <td>
                    <kbd className={styles.kbd}>{s.key}</kbd>
                  </td>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Shortcuts do nothing while you type in a field or a dialog is open.</p>
          <div className={dialog.buttons}>
            <Dialog.Close asChild>
              <button type="button" className="button">
                Close
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
