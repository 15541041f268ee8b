"use client";

import { useRef, useState } from "react";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import form from "@/components/settings/settings.module.css";
import { InvitationSentNotice } from "@/components/settings/team/invitation-sent-notice";
import styles from "@/components/settings/team/team.module.css";
import { type InvitationAnswer, useCreateInvitation } from "@/components/settings/team/use-invitations";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { INVITABLE_ROLES } from "@/lib/invitations/invitable-roles";

// The API's list, restated: lib/schemas/invitations.ts pulls in the server's password hashing, which a browser bundle
// cannot load; the type keeps the two identical (tsc fails when they differ).
const ROLES = INVITABLE_ROLES;
type Role = (typeof ROLES)[number];

/** Where an API refusal belongs: field issues (400) by path; 409 (already a member or invited) to the email. */
function errorsOf(error: Error): Record<string, string> {
  if (error instanceof ApiRequestError && error.issues.length > 0)
    return Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
  if (error instanceof ApiRequestError && error.status === 409) return { email: error.message };
  return { "(root)": error.message };
}

/**
 * Settings → Team, "Invite": an email and a role (every role but Owner: ownership is transferred, never invited —
 * POST /api/workspace/invitations refuses it). After sending, says it was mailed, or (no SMTP) shows the link to copy.
 */
export function InviteForm() {
  const create = useCreateInvitation();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("EDITOR");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<InvitationAnswer | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  return (
    <section className="card" aria-labelledby="invite-heading">
      <form
        className={form.form}
        aria-labelledby="invite-heading"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setErrors({});
          setSent(null);
          create.mutate(
            { email, role },
            {
              onSuccess: (answer) => {
                setEmail("");
                setSent(answer);
              },
              onError: (error) => {
                const next = errorsOf(error);
                setErrors(next);
                if (next.email) emailRef.current?.focus();
              },
            },
          );
        }}
      >
        <h2 id="invite-heading">Invite</h2>
        <div className={form.field}>
          <label htmlFor="invite-email">Email</label>
          <input
            ref={emailRef}
            className={styles.input}
            id="invite-email"
            type="email"
            autoComplete="off"
            value={email}
            maxLength={320}
            required
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "invite-email-error" : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {errors.email ? (
            <p className="field-error" id="invite-email-error">
              {errors.email}
            </p>
          ) : null}
        </div>
        <div className={form.field}>
          <label htmlFor="invite-role">Role</label>
          <select
            id="invite-role"
            value={role}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? "invite-role-error" : undefined}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {errors.role ? (
            <p className="field-error" id="invite-role-error">
              {errors.role}
            </p>
          ) : null}
        </div>
        {errors["(root)"] ? (
          <p className="form-error" role="alert">
            {errors["(root)"]}
          </p>
        ) : null}
        <div className={form.row}>
          <button type="submit" className="button primary" disabled={create.isPending} aria-busy={create.isPending}>
            Send invitation
          </button>
        </div>
      </form>
      {sent ? <InvitationSentNotice answer={sent} onDone={() => setSent(null)} /> : null}
    </section>
  );
}
