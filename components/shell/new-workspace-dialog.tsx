"use client";

import { Dialog } from "radix-ui";
import { useState } from "react";
import { toast } from "sonner";
import { browserZone } from "@/components/calendar/time-zones";
import { TimezoneSelect } from "@/components/calendar/timezone-select";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import { useSession } from "@/components/hooks/use-session";
import { useCreateWorkspace } from "@/components/hooks/use-workspace-settings";
import styles from "@/components/settings/settings.module.css";
import { keepOpenOnToast } from "@/components/ui/keep-open-on-toast";

/** "New workspace": name and time zone; the person becomes its owner and the dashboard switches to it. */
export function NewWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const current = useSession().workspace.timezone;
  const create = useCreateWorkspace();
  const [name, setName] = useState("");
  const [timezone, setTimezone] = useState(current);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) setErrors({});
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="composer-overlay" />
        <Dialog.Content
          className={styles.dialog}
          aria-describedby="new-workspace-description"
          onInteractOutside={keepOpenOnToast}
        >
          <Dialog.Title>New workspace</Dialog.Title>
          <p className="muted" id="new-workspace-description">
            A separate set of channels, posts and people (a new client, say). You will be its owner.
          </p>
          <form
            className={styles.form}
            onSubmit={(event) => {
              event.preventDefault();
              setErrors({});
              create.mutate(
                { name, timezone },
                {
                  onSuccess: (view) => {
                    onOpenChange(false);
                    setName("");
                    toast.success(`Created ${view.workspace.name}: you are its owner`);
                  },
                  onError: (error) =>
                    setErrors(
                      error instanceof ApiRequestError && error.issues.length > 0
                        ? Object.fromEntries(error.issues.map((i) => [i.path, i.message]))
                        : { "(root)": error.message },
                    ),
                },
              );
            }}
          >
            <div className={styles.field}>
              <label htmlFor="new-workspace-name">Name</label>
              <input
                id="new-workspace-name"
                type="text"
                value={name}
                maxLength={100}
                required
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={errors.name ? "new-workspace-name-error" : undefined}
                onChange={(e) => setName(e.target.value)}
              />
              {errors.name ? (
                <p className="field-error" id="new-workspace-name-error">
                  {errors.name}
                </p>
              ) : null}
            </div>
            <div className={styles.field}>
              <TimezoneSelect
                id="new-workspace-timezone"
                label="Time zone"
                value={timezone}
                onChange={setTimezone}
                first={[current, typeof window === "undefined" ? null : browserZone()]}
                errorId={errors.timezone ? "new-workspace-timezone-error" : undefined}
                fill
              />
              {errors.timezone ? (
                <p className="field-error" id="new-workspace-timezone-error">
                  {errors.timezone}
                </p>
              ) : null}
            </div>
            {errors["(root)"] ? (
              <p className="form-error" role="alert">
                {errors["(root)"]}
              </p>
            ) : null}
            <div className={styles.dialogButtons}>
              <Dialog.Close asChild>
                <button type="button" className="button">
                  Cancel
                </button>
              </Dialog.Close>
              <button type="submit" className="button primary" disabled={create.isPending} aria-busy={create.isPending}>
                Create workspace
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
