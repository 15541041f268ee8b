"use client";

import { useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import styles from "@/components/channels/channels.module.css";
import { useAccountChoice, useCompleteAccountChoice } from "@/components/channels/use-channel-mutations";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";

/**
 * The account picker (?choose=<id> on the Channels page): one login brought several accounts (a Meta login's Pages
 * and Instagram accounts, a LinkedIn member and their organisation pages); the person ticks which become channels.
 * Accounts that cannot be connected are shown with the platform's reason and cannot be ticked; accounts already
 * connected here are marked (picking one refreshes that channel).
 */
export function AccountPicker({ choiceId, onClose }: { choiceId: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const choice = useAccountChoice(choiceId);
  const complete = useCompleteAccountChoice();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  // Every account that can be connected and is not connected yet starts ticked.
  useEffect(() => {
    if (!choice.data) return;
    setPicked(new Set(choice.data.accounts.filter((a) => !a.refusal && !a.alreadyConnected).map((a) => a.accountId)));
  }, [choice.data]);

  const toggle = (id: string) =>
    setPicked((now) => {
      const next = new Set(now);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const submit = () => {
    setError(null);
    complete.mutate(
      { id: choiceId, accountIds: [...picked] },
      {
        onSuccess: ({ channels }) => {
          const made = channels.filter((c) => c.created).length;
          const renewed = channels.length - made;
          toast.success(
            [
              made > 0 ? `${made} ${made === 1 ? "channel" : "channels"} connected` : null,
              renewed > 0 ? `${renewed} reconnected` : null,
            ]
              .filter(Boolean)
              .join(", "),
          );
          onClose();
        },
        onError: (err) => setError(err.message),
      },
    );
  };

  return (
    <dialog ref={dialog} className={styles.picker} aria-labelledby={titleId} onClose={onClose}>
      <form
        method="dialog"
        className={styles.pickerBody}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={titleId}>{choice.data ? `Pick the ${choice.data.label} accounts to connect` : "Pick accounts"}</h2>
        {choice.isPending ? (
          <LoadingRows rows={3} label="Loading the accounts…" />
        ) : choice.isError ? (
          <ErrorState title="These accounts cannot be picked" message={choice.error.message} />
        ) : (
          <ul className={styles.candidates}>
            {choice.data.accounts.map((a) => (
              <li key={`${a.platform}-${a.accountId}`} data-account-id={a.accountId}>
                <label className={styles.candidate} data-refused={a.refusal ? "true" : undefined}>
                  <input
                    type="checkbox"
                    checked={picked.has(a.accountId)}
                    disabled={Boolean(a.refusal)}
                    onChange={() => toggle(a.accountId)}
                  />
                  <PlatformBadge platform={a.platform} />
                  {a.avatarUrl ? (
                    // biome-ignore lint/performance/noImgElement: a platform's avatar host; next/image would need each host
                    <img className={styles.avatar} src={a.avatarUrl} alt="" width={36} height={36} />
                  ) : null}
                  <span className={styles.who}>
                    <strong>{a.displayName}</strong>
                    <span className="muted">
                      {a.accountName !== a.displayName ? `${a.accountName} · ` : ""}
                      {a.kind}
                      {a.alreadyConnected ? " · already connected" : ""}
                    </span>
                    {a.refusal ? <span className={styles.reason}>Cannot be connected: {a.refusal}</span> : null}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className={styles.actions}>
          <button
            type="submit"
            className="button primary"
            disabled={!choice.data || picked.size === 0 || complete.isPending}
            aria-busy={complete.isPending}
          >
            {picked.size > 1 ? `Connect ${picked.size} accounts` : "Connect"}
          </button>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
