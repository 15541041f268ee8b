"use client";

import { Label } from "radix-ui";
import { type FormEvent, useState } from "react";
import { type AuthFormResult, postAuthForm } from "@/components/auth/post-auth-form";

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<Extract<AuthFormResult, { ok: false }> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const result = await postAuthForm("/api/auth/password-reset", { email });
    setBusy(false);
    if (result.ok) setSent((result.body as { message?: string } | null)?.message ?? "Check your mail.");
    else setFailure(result);
  }

  if (sent) return <p role="status">{sent}</p>;
  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <Label.Root htmlFor="reset-email">Email</Label.Root>
        <input
          id="reset-email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={failure?.fields.email ? true : undefined}
          disabled={busy}
        />
        {failure?.fields.email ? <p className="field-error">{failure.fields.email}</p> : null}
      </div>
      {failure && !failure.fields.email ? (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {busy ? "Sending…" : "Send reset link"}
      </button>
    </form>
  );
}
