"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useRevokeApiToken } from "@/components/hooks/use-api-tokens";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ApiTokenView } from "@/lib/schemas/workspace-settings";

/** "Revoke" with a confirmation: the token stops working at once, for every script that uses it. */
export function RevokeTokenButton({ token }: { token: ApiTokenView }) {
  const revoke = useRevokeApiToken();
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) revoke.reset();
      }}
      trigger={
        <button type="button" className="button" aria-label={`Revoke ${token.name}`}>
          Revoke
        </button>
      }
      title={`Revoke ${token.name}?`}
      description={`Scripts using ${token.prefix}… get 401 from now on. This cannot be undone: make a new token to replace it.`}
      confirmLabel="Revoke token"
      pending={revoke.isPending}
      error={revoke.error?.message}
      onConfirm={() =>
        revoke.mutate(token.id, {
          onSuccess: () => {
            setOpen(false);
            toast.success(`Revoked ${token.name}`);
          },
        })
      }
    />
  );
}
