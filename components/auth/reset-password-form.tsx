"use client";

import { type FormEvent, useState } from "react";
import { FormField } from "@/components/auth/form-field";
import { type AuthFormResult, postAuthForm } from "@/components/auth/post-auth-form";

/** Sets a new password with the reset link's token; then points to sign-in (every session has ended). */
export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<Extract<AuthFormResult, { ok: false }> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await postAuthForm("/api/auth/password-reset/confirm", { token, password });
    setBusy(false);
    if (result.ok) setDone(true);
    else setFailure(result);
  }

  if (done)
    return (
      <p role="status">
        Your password is changed and you are signed out everywhere. <a href="/sign-in">Sign in</a> with the new one.
      </p>
    );
  return (
    <form onSubmit={submit} noValidate>
      <FormField
        id="new-password"
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={failure?.fields.password}
        disabled={busy}
      />
      {failure && !failure.fields.password ? (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {busy ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
