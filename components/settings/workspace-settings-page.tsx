"use client";

import { useState } from "react";
import { toast } from "sonner";
import { TimezoneSelect } from "@/components/calendar/timezone-select";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import { useChannels } from "@/components/hooks/use-channels";
import { useCan } from "@/components/hooks/use-permission";
import { useUpdateWorkspaceSettings, useWorkspaceSettings } from "@/components/hooks/use-workspace-settings";
import page from "@/components/insights/insights.module.css";
import { FailureWebhookSection } from "@/components/settings/failure-webhook-section";
import styles from "@/components/settings/settings.module.css";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { UpdateWorkspaceInput, WorkspaceSettingsView } from "@/lib/schemas/workspace-settings";

/**
 * Settings → Workspace: name, time zone, week start, default channels, approvals; saved through PATCH /api/workspace.
 */
export function WorkspaceSettingsPage() {
  const settings = useWorkspaceSettings();
  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Workspace</h1>
          <p className="muted">The name, time zone and week your team sees, and the channels a new post starts with.</p>
        </div>
      </header>
      {settings.isPending ? (
        <LoadingRows rows={4} label="Loading workspace settings…" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load the workspace settings"
          message={settings.error.message}
          onRetry={() => settings.refetch()}
        />
      ) : (
        <WorkspaceForm key={settings.data.id} saved={settings.data} />
      )}
      <FailureWebhookSection />
    </div>
  );
}

function WorkspaceForm({ saved }: { saved: WorkspaceSettingsView }) {
  const canManage = useCan("settings:manage");
  const channels = useChannels();
  const update = useUpdateWorkspaceSettings();
  const [form, setForm] = useState(saved);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const changes: UpdateWorkspaceInput = {};
  if (form.name !== saved.name) changes.name = form.name;
  if (form.timezone !== saved.timezone) changes.timezone = form.timezone;
  if (form.weekStart !== saved.weekStart) changes.weekStart = form.weekStart;
  if (JSON.stringify(form.defaultChannelIds) !== JSON.stringify(saved.defaultChannelIds))
    changes.defaultChannelIds = form.defaultChannelIds;
  if (form.approvalsRequired !== saved.approvalsRequired) changes.approvalsRequired = form.approvalsRequired;
  const dirty = Object.keys(changes).length > 0;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    setErrors({});
    update.mutate(changes, {
      onSuccess: (view) => {
        setForm(view);
        toast.success("Workspace settings saved");
      },
      onError: (error) => {
        if (error instanceof ApiRequestError && error.issues.length > 0)
          setErrors(Object.fromEntries(error.issues.map((i) => [i.path, i.message])));
        toast.error(`Not saved: ${error.message}`);
      },
    });
  };
  const errorOf = (field: string) =>
    errors[field] ? (
      <p className="field-error" id={`ws-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className={`card ${styles.form}`} onSubmit={submit} aria-label="Workspace settings">
      {canManage ? null : (
        <p className="muted" role="note">
          Your role can read these settings; an Owner or Admin can change them.
        </p>
      )}
      <div className={styles.field}>
        <label htmlFor="ws-name">Name</label>
        <input
          id="ws-name"
          type="text"
          value={form.name}
          maxLength={100}
          required
          disabled={!canManage}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "ws-name-error" : undefined}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
        {errorOf("name")}
      </div>
      <div className={styles.field}>
        <TimezoneSelect
          id="ws-timezone"
          label="Time zone"
          value={form.timezone}
          onChange={(timezone) => setForm({ ...form, timezone })}
          first={[saved.timezone]}
          hint={(zone) => (zone === saved.timezone ? "current" : undefined)}
          errorId={errors.timezone ? "ws-timezone-error" : undefined}
          disabled={!canManage}
        />
        <p className="muted" id="ws-timezone-help">
          Scheduled posts keep their moment; the calendar, the composer and the best-time heatmap show times in this
          zone.
        </p>
        {errorOf("timezone")}
      </div>
      <fieldset className={styles.choices} disabled={!canManage}>
        <legend>Week starts on</legend>
        {(["monday", "sunday"] as const).map((day) => (
          <label key={day}>
            <input
              type="radio"
              name="weekStart"
              value={day}
              checked={form.weekStart === day}
              onChange={() => setForm({ ...form, weekStart: day })}
            />{" "}
            {day === "monday" ? "Monday" : "Sunday"}
          </label>
        ))}
      </fieldset>
      <fieldset
        className={styles.choices}
        disabled={!canManage}
        aria-describedby={errors.defaultChannelIds ? "ws-defaultChannelIds-error" : undefined}
      >
        <legend>Default channels for a new post</legend>
        {channels.isPending ? (
          <span className="muted">Loading channels…</span>
        ) : (channels.data ?? []).length === 0 ? (
          <span className="muted">No channels connected yet.</span>
        ) : (
          (channels.data ?? []).map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={form.defaultChannelIds.includes(c.id)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    defaultChannelIds: e.target.checked
                      ? [...form.defaultChannelIds, c.id]
                      : form.defaultChannelIds.filter((id) => id !== c.id),
                  })
                }
              />{" "}
              {c.displayName}
            </label>
          ))
        )}
        {errorOf("defaultChannelIds")}
      </fieldset>
      <fieldset className={styles.choices} disabled={!canManage}>
        <legend>Approvals</legend>
        <label>
          <input
            type="checkbox"
            name="approvalsRequired"
            checked={form.approvalsRequired}
            aria-describedby="ws-approvals-help"
            onChange={(e) => setForm({ ...form, approvalsRequired: e.target.checked })}
          />{" "}
          Posts by Editors need approval
        </label>
        <p className="muted" id="ws-approvals-help">
          An Editor's post waits in review until an Owner, Admin or Approver approves it (then it is scheduled) or
          requests changes. Editing an approved post sends it back to review.
        </p>
      </fieldset>
      {canManage ? (
        <div className={styles.row}>
          <button
            type="submit"
            className="button primary"
            disabled={!dirty || update.isPending}
            aria-busy={update.isPending}
          >
            Save
          </button>
          {dirty ? (
            <button type="button" className="button" onClick={() => setForm(saved)} disabled={update.isPending}>
              Undo changes
            </button>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
