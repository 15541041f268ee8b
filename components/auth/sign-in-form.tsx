"use client";

import { useMutation } from "@tanstack/react-query";
import { Label } from "radix-ui";
import { type FormEvent, useRef, useState } from "react";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import { signInUrl } from "@/lib/auth/safe-next";

type Props = { next: string; demo: { email: string; password: string } | null };
type FieldErrors = { email?: string; password?: string };
type Failure = { message: string; fields: FieldErrors };

/** POST /api/auth/sign-in; the API sets the httpOnly cookie. Field problems show under their field. */
async function postSignIn(email: string, password: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiRequestError(0, "network", "Cannot reach the Cadence server. Check your connection and try again.");
  }
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
  } | null;
  const error = new ApiRequestError(res.status, body?.error?.code ?? "http_error", body?.error?.message ?? "");
  (error as ApiRequestError & { details?: unknown }).details = body?.error?.details;
  throw error;
}

function toFailure(error: unknown): Failure {
  if (!(error instanceof ApiRequestError)) return { message: "Something went wrong. Try again.", fields: {} };
  const details = (error as ApiRequestError & { details?: { path: string; message: string }[] }).details ?? [];
  const fields: FieldErrors = {};
  for (const d of details) if (d.path === "email" || d.path === "password") fields[d.path] = d.message;
  if (error.status === 400 && Object.keys(fields).length > 0) return { message: "", fields };
  return { message: error.message || `Sign-in failed (${error.status})`, fields };
}

export function SignInForm({ next, demo }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<Failure | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signIn = useMutation({
    mutationFn: () => postSignIn(email, password),
    onSuccess: () => {
      // A full load: the dashboard layout reads the new cookie on the server, and no cache of a previous
      // person survives.
      window.location.assign(next);
    },
    onError: (error) => {
      setFailure(toFailure(error));
      passwordRef.current?.select();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields: FieldErrors = {};
    if (!email.trim()) fields.email = "Enter your email";
    if (!password) fields.password = "Enter your password";
    if (fields.email || fields.password) {
      setFailure({ message: "", fields });
      return;
    }
    setFailure(null);
    signIn.mutate();
  }

  const busy = signIn.isPending || signIn.isSuccess;
  const fieldError = (name: keyof FieldErrors) => failure?.fields[name];
  return (
    // method="post" with this page as the action: submitted before the scripts run (slow network, JavaScript off),
    // the browser posts the fields back here in the body, never as ?email=…&password=… in the URL, the history or a
    // server log. The page then renders afresh; signing in itself needs the script (POST /api/auth/sign-in, JSON).
    <form
      className="auth-card"
      method="post"
      action={signInUrl(next)}
      onSubmit={submit}
      noValidate
      aria-labelledby="sign-in-title"
    >
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◷
        </span>
        <span>Cadence</span>
      </div>
      <h1 id="sign-in-title">Sign in</h1>
      <div className="field">
        <Label.Root htmlFor="email">Email</Label.Root>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fieldError("email") ? true : undefined}
          aria-describedby={fieldError("email") ? "email-error" : undefined}
          disabled={busy}
          // biome-ignore lint/a11y/noAutofocus: the only task on this page
          autoFocus
        />
        {fieldError("email") ? (
          <p id="email-error" className="field-error">
            {fieldError("email")}
          </p>
        ) : null}
      </div>
      <div className="field">
        <Label.Root htmlFor="password">Password</Label.Root>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          ref={passwordRef}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={fieldError("password") || failure?.message ? true : undefined}
          aria-describedby={fieldError("password") ? "password-error" : failure?.message ? "sign-in-error" : undefined}
          disabled={busy}
        />
        {fieldError("password") ? (
          <p id="password-error" className="field-error">
            {fieldError("password")}
          </p>
        ) : null}
      </div>
      {failure?.message ? (
        <p id="sign-in-error" className="form-error" role="alert">
          {failure.message}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p>
        <a href="/forgot-password">Forgot password?</a>
      </p>
      {demo ? (
        <aside className="demo-credentials" aria-label="Demo account">
          <p>
            <strong>Demo account</strong> (shown in development only)
          </p>
          <p>
            <code>{demo.email}</code> / <code>{demo.password}</code>
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setEmail(demo.email);
              setPassword(demo.password);
              setFailure(null);
            }}
            disabled={busy}
          >
            Use demo account
          </button>
        </aside>
      ) : null}
    </form>
  );
}
