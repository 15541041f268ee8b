"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useNotificationPreferences, useSaveNotificationPreferences } from "@/components/hooks/use-notifications";
import page from "@/components/insights/insights.module.css";
import styles from "@/components/settings/settings.module.css";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from "@/lib/notifications/types";
import type { PreferencesResponse } from "@/lib/schemas/notifications";

type Choice = PreferencesResponse["preferences"][number];

/** Settings → Notifications: a kind × (in-app, email) grid of my own choices in this workspace. */
export function NotificationSettingsPage() {
  const prefs = useNotificationPreferences();
  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Notifications</h1>
          <p className="muted">
            What reaches you in this workspace, and how: in the bell at the top, by email, or not at all. These are your
            own choices; your teammates make theirs.
          </p>
        </div>
      </header>
      {prefs.isPending ? (
        <LoadingRows rows={6} label="Loading your notification settings…" />
      ) : prefs.isError ? (
        <ErrorState
          title="Could not load your notification settings"
          message={prefs.error.message}
          onRetry={() => prefs.refetch()}
        />
      ) : (
        <PreferencesGrid saved={prefs.data} />
      )}
    </div>
  );
}

function PreferencesGrid({ saved }: { saved: PreferencesResponse }) {
  const save = useSaveNotificationPreferences();
  const [choices, setChoices] = useState<Choice[]>(saved.preferences);
  const dirty = JSON.stringify(choices) !== JSON.stringify(saved.preferences);
  const set = (kind: NotificationKind, field: "inApp" | "email", value: boolean) =>
    setChoices((all) => all.map((c) => (c.kind === kind ? { ...c, [field]: value } : c)));
  return (
    <form
      className="card"
      aria-label="Notification settings"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(choices, {
          onSuccess: (next) => {
            setChoices(next.preferences);
            toast.success("Notification settings saved");
          },
        });
      }}
    >
      {saved.emailAvailable ? null : (
        <p className="muted" role="note">
          This server has no mail configured (SMTP_URL), so no email is sent whatever you choose here.
        </p>
      )}
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">In-app</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {choices.map((c) => (
              <tr key={c.kind} data-kind={c.kind}>
                <th scope="row">{NOTIFICATION_KIND_LABELS[c.kind]}</th>
                <td>
                  <input
                    type="checkbox"
                    checked={c.inApp}
                    aria-label={`${NOTIFICATION_KIND_LABELS[c.kind]}: in-app`}
                    onChange={(e) => set(c.kind, "inApp", e.target.checked)}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={c.email}
                    aria-label={`${NOTIFICATION_KIND_LABELS[c.kind]}: email`}
                    onChange={(e) => set(c.kind, "email", e.target.checked)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {save.isError ? (
        <p className="form-error" role="alert">
          {save.error.message}
        </p>
      ) : null}
      <div className={styles.row}>
        <button type="submit" className="button primary" disabled={!dirty || save.isPending} aria-busy={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
