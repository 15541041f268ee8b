"use client";

import { type FormEvent, useId, useState } from "react";
import styles from "@/components/evergreen/evergreen.module.css";

const MAX_COUNT = 100;

/** How many posts to schedule, and the one button that calls the rotation once. */
export function RotateForm({
  eligible,
  pending,
  disabled,
  onRotate,
}: {
  eligible: number | null;
  pending: boolean;
  disabled: boolean;
  onRotate: (count: number) => void;
}) {
  const id = useId();
  const hintId = useId();
  const [count, setCount] = useState("3");
  const parsed = Number(count);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= MAX_COUNT;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && !pending) onRotate(parsed);
  };

  return (
    <form className={styles.rotateForm} method="post" onSubmit={submit} aria-busy={pending}>
      <div className={styles.countField}>
        <label htmlFor={id}>Posts to schedule</label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_COUNT}
          step={1}
          value={count}
          onChange={(e) => setCount(e.target.value)}
          aria-invalid={!valid}
          aria-describedby={hintId}
          disabled={pending}
        />
      </div>
      <button type="submit" className="button primary" disabled={disabled || pending || !valid}>
        {pending ? (
          <>
            <span className={styles.spinner} aria-hidden="true" /> Scheduling…
          </>
        ) : (
          "Rotate now"
        )}
      </button>
      <p id={hintId} className={`muted ${styles.hint}`}>
        {!valid
          ? `Enter a whole number from 1 to ${MAX_COUNT}.`
          : eligible === null
            ? "Counting eligible posts…"
            : `${eligible} ${eligible === 1 ? "post is" : "posts are"} ready. The most overdue get the earliest of your best times, at least an hour apart.`}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {pending ? "Rotation running: scheduling evergreen posts…" : ""}
      </p>
    </form>
  );
}
