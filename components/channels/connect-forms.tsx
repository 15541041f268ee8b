"use client";

import { type ReactNode, useId, useState } from "react";
import { toast } from "sonner";
import styles from "@/components/channels/channels.module.css";
import {
  useConnectBluesky,
  useConnectMastodon,
  useCreateChannel,
  useUpdateChannel,
} from "@/components/channels/use-channel-mutations";
import type { FieldIssue } from "@/components/hooks/api-fetch";
import { ApiRequestError } from "@/components/hooks/api-fetch";

/** A labelled input; `hint` is read with it (aria-describedby), `issue` marks it invalid and says why. */
function Field({
  label,
  hint,
  issue,
  ...input
}: { label: string; hint?: string; issue?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = useId();
  const issueId = useId();
  const described = [hint ? hintId : null, issue ? issueId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={described} aria-invalid={issue ? true : undefined} {...input} />
      {hint ? (
        <span id={hintId} className={`muted ${styles.hint}`}>
          {hint}
        </span>
      ) : null}
      {issue ? (
        <span id={issueId} className="field-error">
          {issue}
        </span>
      ) : null}
    </div>
  );
}

/** The API's words for a refusal, and the field-level details to show next to their fields. */
function useFormError() {
  const [error, setError] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const issue = (path: string) => error?.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const fail = (err: Error) =>
    setError({ message: err.message, issues: err instanceof ApiRequestError ? err.issues : [] });
  return { error, issue, fail, clear: () => setError(null) };
}

function FormShell({
  title,
  pending,
  submit,
  error,
  onSubmit,
  children,
}: {
  title: string;
  pending: boolean;
  submit: string;
  error: string | null;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className={styles.form}
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
          {submit}
        </button>
      </div>
    </form>
  );
}

/** Webhook: a URL Cadence POSTs each post to, signed with the secret (README "Webhook channels"). */
export function WebhookForm({ onDone }: { onDone: () => void }) {
  const create = useCreateChannel();
  const form = useFormError();
  const [displayName, setName] = useState("");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const submit = () => {
    form.clear();
    create.mutate(
      { platform: "WEBHOOK", displayName, config: { url }, credentials: { secret } },
      {
        onSuccess: (c) => {
          toast.success(`${c.displayName} connected`);
          onDone();
        },
        onError: form.fail,
      },
    );
  };
  return (
    <FormShell
      title="Connect a webhook"
      submit="Connect webhook"
      pending={create.isPending}
      error={form.error?.message ?? null}
      onSubmit={submit}
    >
      <Field label="Name" required value={displayName} onChange={(e) => setName(e.target.value)} maxLength={100} />
      <Field
        label="URL"
        type="url"
        required
        placeholder="https://example.com/cadence-hook"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        issue={form.issue("config.url")}
      />
      <Field
        label="Signing secret"
        required
        minLength={16}
        hint="At least 16 characters; the receiver checks each delivery's signature with it."
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        issue={form.issue("credentials.secret")}
        autoComplete="off"
      />
    </FormShell>
  );
}

/** Sandbox: publishes nowhere and always succeeds; for trying Cadence out. */
export function SandboxForm({ onDone }: { onDone: () => void }) {
  const create = useCreateChannel();
  const form = useFormError();
  const [displayName, setName] = useState("Sandbox");
  return (
    <FormShell
      title="Add a sandbox channel"
      submit="Add sandbox"
      pending={create.isPending}
      error={form.error?.message ?? null}
      onSubmit={() => {
        form.clear();
        create.mutate(
          { platform: "SANDBOX", displayName },
          {
            onSuccess: (c) => {
              toast.success(`${c.displayName} added`);
              onDone();
            },
            onError: form.fail,
          },
        );
      }}
    >
      <Field label="Name" required value={displayName} onChange={(e) => setName(e.target.value)} maxLength={100} />
    </FormShell>
  );
}

/**
 * Bluesky: a handle (or DID) and an app password (Settings → Privacy and security → App passwords on Bluesky);
 * the PDS is found from the handle unless given. With `channelId`, reconnects that channel.
 */
export function BlueskyForm({
  channelId,
  identifier: initial = "",
  onDone,
}: {
  channelId?: string;
  identifier?: string;
  onDone: () => void;
}) {
  const connect = useConnectBluesky();
  const form = useFormError();
  const [identifier, setIdentifier] = useState(initial);
  const [appPassword, setPassword] = useState("");
  const [service, setService] = useState("");
  const submit = () => {
    form.clear();
    const body = { identifier: identifier.trim(), appPassword, ...(service.trim() ? { service: service.trim() } : {}) };
    connect.mutate(channelId ? { ...body, channelId } : body, {
      onSuccess: (c) => {
        toast.success(`${c.displayName} ${channelId ? "reconnected" : "connected"}`);
        onDone();
      },
      onError: form.fail,
    });
  };
  return (
    <FormShell
      title={channelId ? "Reconnect Bluesky" : "Connect Bluesky"}
      submit={channelId ? "Reconnect" : "Connect Bluesky"}
      pending={connect.isPending}
      error={form.error?.message ?? null}
      onSubmit={submit}
    >
      <Field
        label="Handle or DID"
        required
        placeholder="you.bsky.social"
        value={identifier}
        onChange={(e) => setIdentifier(e.target.value)}
        issue={form.issue("identifier")}
        autoComplete="username"
      />
      <Field
        label="App password"
        type="password"
        required
        hint="Make one on Bluesky: Settings → Privacy and security → App passwords. Not your account password."
        value={appPassword}
        onChange={(e) => setPassword(e.target.value)}
        issue={form.issue("appPassword")}
        autoComplete="off"
      />
      <Field
        label="Server (PDS) URL, optional"
        type="url"
        placeholder="https://bsky.social"
        hint="Only if your account lives on its own server and the handle does not lead there."
        value={service}
        onChange={(e) => setService(e.target.value)}
        issue={form.issue("service")}
      />
    </FormShell>
  );
}

/** Mastodon (and servers of its API): the server URL; the person then authorises Cadence on that server. */
export function MastodonForm({ channelId, serverUrl: initial = "" }: { channelId?: string; serverUrl?: string }) {
  const connect = useConnectMastodon();
  const form = useFormError();
  const [serverUrl, setServerUrl] = useState(initial);
  return (
    <FormShell
      title={channelId ? "Reconnect Mastodon" : "Connect Mastodon"}
      submit={channelId ? "Reconnect on the server" : "Continue to the server"}
      pending={connect.isPending}
      error={form.error?.message ?? null}
      onSubmit={() => {
        form.clear();
        const body = { serverUrl: serverUrl.trim() };
        connect.mutate(channelId ? { ...body, channelId } : body, {
          onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
          onError: form.fail,
        });
      }}
    >
      <Field
        label="Server URL"
        type="url"
        required
        placeholder="https://mastodon.social"
        hint="You will sign in there and allow Cadence to post; then you come back here."
        value={serverUrl}
        onChange={(e) => setServerUrl(e.target.value)}
        issue={form.issue("serverUrl")}
      />
    </FormShell>
  );
}

/** A webhook reconnects with a new signing secret (PATCH credentials), which clears "needs reconnect". */
export function WebhookSecretForm({ channelId, onDone }: { channelId: string; onDone: () => void }) {
  const update = useUpdateChannel();
  const form = useFormError();
  const [secret, setSecret] = useState("");
  return (
    <FormShell
      title="Reconnect webhook"
      submit="Save secret"
      pending={update.isPending}
      error={form.error?.message ?? null}
      onSubmit={() => {
        form.clear();
        update.mutate(
          { id: channelId, patch: { credentials: { secret } } },
          {
            onSuccess: () => {
              toast.success("Webhook reconnected");
              onDone();
            },
            onError: form.fail,
          },
        );
      }}
    >
      <Field
        label="New signing secret"
        required
        minLength={16}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        issue={form.issue("credentials.secret")}
        autoComplete="off"
      />
    </FormShell>
  );
}
