import { Label } from "radix-ui";
import type { InputHTMLAttributes } from "react";

/**
 * One labelled input of the account forms (accept an invitation, set a new password): its label, the input marked
 * aria-invalid when the API named it, and that message under it.
 */
export function FormField({
  id,
  label,
  error,
  ...input
}: { id: string; label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <Label.Root htmlFor={id}>{label}</Label.Root>
      <input id={id} aria-invalid={error ? true : undefined} {...input} />
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
