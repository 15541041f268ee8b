"use client";

import { useState } from "react";
import { ApiRequestError } from "@/components/hooks/api-fetch";
import { useCreateApiToken } from "@/components/hooks/use-api-tokens";
import styles from "@/components/settings/settings.module.css";

/** Name and scope of a new token; the created token (with its secret) goes to `onCreated`, to be shown once. */
export function CreateTokenForm({ onCreated }: { onCreated: (created: { name: string; token: string }) => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <form
      className={`card ${styles.form}`}
      aria-label="New API token"
      onSubmit={(event) => {
        event.preventDefault();
        setErrors({});
        create.mutate(
          { name, scope },
          {
            onSuccess: (created) => {
              setName("");
              onCreated(created);
            },
            onError: (error) =>
              setErrors(
                error instanceof ApiRequestError && error.issues.length > 0
                  ? Object.fromEntries(error.issues.map((i) => [i.path, i.message]))
                  : { "(root)": error.message },
              ),
          },
        );
      }}
    >
      <h2>New token</h2>
      <div className={styles.field}>
        <label htmlFor="token-name">Name</label>
        <input
          id="token-name"
          type="text"
          value={name}
          maxLength={100}
          required
          placeholder="e.g. CI publishing"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "token-name-error" : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name ? (
          <p className="field-error" id="token-name-error">
            {errors.name}
          </p>
        ) : null}
      </div>
      <fieldset className={styles.choices}>
        <legend>Scope</legend>
        <label>
          <input type="radio" name="scope" checked={scope === "read"} onChange={() => setScope("read")} /> Read
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === "write"} onChange={() => setScope("write")} /> Read and
          write
        </label>
      </fieldset>
      {errors["(root)"] || errors.scope ? (
        <p className="form-error" role="alert">
          {errors["(root)"] ?? errors.scope}
        </p>
      ) : null}
      <div className={styles.row}>
        <button type="submit" className="button primary" disabled={create.isPending} aria-busy={create.isPending}>
          Create token
        </button>
      </div>
    </form>
  );
}
