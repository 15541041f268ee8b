"use client";

import { Label } from "radix-ui";
import { type FormEvent, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { type AuthFormResult, postAuthForm } from "@/components/auth/post-auth-form";

type Props = { token: string; email: string; mode: "signed-in" | "new-account" };

/** Accepts the invitation: one button for the signed-in invitee; name and password for a new account. */
export function AcceptInvitationForm({ token, email, mode }: Props) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Extract<AuthFormResult, { ok: false }> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const body = mode === "new-account" ? { token, name, password } : { token };
    const result = await postAuthForm("/api/invitations/accept", body);
    if (result.ok) {
      // A full load: the dashboard reads the (new) session on the server, in the joined workspace.
      window.location.assign("/");
      return;
    }
    setFailure(result);
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Accept invitation">
      {mode === "new-account" ? (
        <>
          <div className="field">
            <Label.Root htmlFor="invite-email">Email</Label.Root>
            <input id="invite-email" type="email" value={email} autoComplete="username" readOnly />
          </div>
          <FormField
            id="invite-name"
            label="Your name"
            name="name"
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={failure?.fields.name}
            disabled={busy}
          />
          <FormField
            id="invite-password"
            label="Choose a password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={failure?.fields.password}
            disabled={busy}
          />
        </>
      ) : null}
      {failure && Object.keys(failure.fields).length === 0 ? (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {busy ? "Joining…" : mode === "new-account" ? "Create account and join" : "Accept and join"}
      </button>
    </form>
  );
}
