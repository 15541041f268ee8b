"use client";

import { useState } from "react";
import { toast } from "sonner";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import {
  useDeleteFailureWebhook,
  useFailureWebhook,
  useSaveFailureWebhook,
  useTestFailureWebhook,
} from "@/components/hooks/use-notifications";
import { useCan } from "@/components/hooks/use-permission";
import styles from "@/components/settings/settings.module.css";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { FailureWebhookView } from "@/lib/failure-webhook/failure-webhook-view";

/**
 * Settings → Workspace, "Failure webhook" (settings:manage): the URL failures are POSTed to, signed like the WEBHOOK
 * channel; the signing secret is shown once when made; "Send test" posts one signed test event now.
 */
export function FailureWebhookSection() {
  const canManage = useCan("settings:manage");
  const hook = useFailureWebhook(canManage);
  // Kept here, not in the form: saving re-reads the webhook and re-keys the form, and the secret must stay shown.
  const [secret, setSecret] = useState<string | null>(null);
  if (!canManage) return null;
  return (
    <section className="card" aria-labelledby="failure-webhook-title">
      <h2 id="failure-webhook-title">Failure webhook</h2>
      <p className="muted">
        Cadence POSTs failed, partly published and unconfirmed posts, and channels that need reconnecting, to this URL
        as JSON signed with the <code>Cadence-Signature</code> header (see README “Notifications”), so your team can
        route them to its chat tool.
      </p>
      {hook.isPending ? (
        <LoadingRows rows={2} label="Loading the failure webhook…" />
      ) : hook.isError ? (
        <ErrorState
          title="Could not load the failure webhook"
          message={hook.error.message}
          onRetry={() => hook.refetch()}
        />
      ) : (
        <FailureWebhookForm key={hook.data.url ?? "none"} saved={hook.data} secret={secret} onSecret={setSecret} />
      )}
    </section>
  );
}

function FailureWebhookForm({
  saved,
  secret,
  onSecret,
}: {
  saved: FailureWebhookView;
  secret: string | null;
  onSecret: (secret: string | null) => void;
}) {
  const save = useSaveFailureWebhook();
  const remove = useDeleteFailureWebhook();
  const test = useTestFailureWebhook();
  const [url, setUrl] = useState(saved.url ?? "");
  const [error, setError] = useState<string | null>(null);
  const submit = (rotateSecret: boolean) => {
    setError(null);
    save.mutate(
      { url, rotateSecret },
      {
        onSuccess: (view) => {
          if (view.secret) onSecret(view.secret);
          toast.success("Failure webhook saved");
        },
        onError: (err) =>
          setError(err instanceof ApiRequestError && err.issues[0] ? err.issues[0].message : err.message),
      },
    );
  };
  return (
    <form
      className={styles.form}
      aria-label="Failure webhook"
      onSubmit={(event) => {
        event.preventDefault();
        submit(false);
      }}
    >
      {secret ? (
        <div className={styles.secret} role="status">
          <p>Signing secret — copy it now, it is shown this once:</p>
          <code data-testid="failure-webhook-secret">{secret}</code>
        </div>
      ) : null}
      <div className={styles.field}>
        <label htmlFor="failure-webhook-url">URL</label>
        <input
          id="failure-webhook-url"
          type="text"
          inputMode="url"
          value={url}
          maxLength={2000}
          placeholder="https://chat.example.com/hooks/…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "failure-webhook-error" : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        {error ? (
          <p className="field-error" id="failure-webhook-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className={styles.row}>
        <button type="submit" className="button primary" disabled={save.isPending || url.trim() === ""}>
          {saved.configured ? "Save URL" : "Set webhook"}
        </button>
        {saved.configured ? (
          <>
            <button
              type="button"
              className="button"
              disabled={test.isPending}
              aria-busy={test.isPending}
              onClick={() =>
                test.mutate(undefined, {
                  onSuccess: (r) =>
                    r.ok
                      ? toast.success(`Test delivered (HTTP ${r.status})`)
                      : toast.error(`Test not delivered: ${r.error ?? "no answer"}`),
                  onError: (err) => toast.error(err.message),
                })
              }
            >
              Send test
            </button>
            <button type="button" className="button" disabled={save.isPending} onClick={() => submit(true)}>
              New secret
            </button>
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    onSecret(null);
                    toast.success("Failure webhook removed");
                  },
                  onError: (err) => toast.error(err.message),
                })
              }
            >
              Remove
            </button>
          </>
        ) : null}
      </div>
    </form>
  );
}
