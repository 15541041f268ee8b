"use client";

import { Label } from "radix-ui";
import { type FormEvent, useState } from "react";
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
      <div className="field">
        <Label.Root htmlFor="new-password">New password</Label.Root>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={failure?.fields.password ? true : undefined}
          disabled={busy}
        />
        {failure?.fields.password ? <p className="field-error">{failure.fields.password}</p> : null}
      </div>
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
