"use client";

import { AlertDialog } from "radix-ui";
import { useState } from "react";
import { toast } from "sonner";
import { useRevokeApiToken } from "@/components/hooks/use-api-tokens";
import styles from "@/components/settings/settings.module.css";
import type { ApiTokenView } from "@/lib/schemas/workspace-settings";

/** "Revoke" with a confirmation: the token stops working at once, for every script that uses it. */
export function RevokeTokenButton({ token }: { token: ApiTokenView }) {
  const revoke = useRevokeApiToken();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <AlertDialog.Trigger asChild>
        <button type="button" className="button" aria-label={`Revoke ${token.name}`}>
          Revoke
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="composer-overlay" />
        <AlertDialog.Content className={styles.dialog} aria-modal="true">
          <AlertDialog.Title>Revoke {token.name}?</AlertDialog.Title>
          <AlertDialog.Description className="muted">
            Scripts using {token.prefix}… get 401 from now on. This cannot be undone: make a new token to replace it.
          </AlertDialog.Description>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className={styles.dialogButtons}>
            <AlertDialog.Cancel asChild>
              <button type="button" className="button">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className={`button ${styles.danger}`}
              disabled={revoke.isPending}
              aria-busy={revoke.isPending}
              onClick={() =>
                revoke.mutate(token.id, {
                  onSuccess: () => {
                    setOpen(false);
                    toast.success(`Revoked ${token.name}`);
                  },
                  onError: (e) => setError(e.message),
                })
              }
            >
              Revoke token
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
