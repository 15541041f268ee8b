"use client";

import { type FormEvent, useId, useState } from "react";
import { isUnauthenticated } from "@/lib/hooks/api-fetch";
import { useVerifyToken } from "@/lib/hooks/use-verify-token";

type Props = { notice?: string | null; onAccepted: (token: string) => void };

/** Asks for a workspace API token (sign-in comes in a later release) and checks it before accepting it. */
export function TokenForm({ notice, onAccepted }: Props) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [value, setValue] = useState("");
  const verify = useVerifyToken();

  const error = verify.error
    ? isUnauthenticated(verify.error)
      ? "Token not accepted: check that it is complete and has not been revoked."
      : `Could not check the token: ${verify.error.message}`
    : notice;

  function submit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim();
    if (!token) return;
    verify.mutate(token, { onSuccess: onAccepted });
  }

  return (
    <main className="token-page">
      <form className="card token-form" onSubmit={submit} aria-describedby={hintId} noValidate>
        <h1>Cadence</h1>
        <p id={hintId} className="muted">
          Enter a workspace API token to open the dashboard. Create one with{" "}
          <code>npm run cadence -- token create</code>. It is kept in this tab only.
        </p>
        <label htmlFor={inputId}>API token</label>
        <input
          id={inputId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {error ? (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={verify.isPending || !value.trim()}>
          {verify.isPending ? "Checking…" : "Open dashboard"}
        </button>
      </form>
    </main>
  );
}
