"use client";

import { useEffect, useRef } from "react";
import { toast } from "sonner";
import form from "@/components/settings/settings.module.css";
import type { InvitationAnswer } from "@/components/settings/team/use-invitations";
import { ROLE_LABELS } from "@/lib/auth/permissions";

/**
 * The answer of an invitation sent or re-sent (role=status, focused when shown): "Invitation sent to …", or without
 * SMTP (or when the mail failed) the link with a Copy button — it works once, for 7 days.
 */
export function InvitationSentNotice({ answer, onDone }: { answer: InvitationAnswer; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const { invitation, delivery } = answer;
  return (
    <div ref={ref} tabIndex={-1} role="status" className={form.secret} data-testid="invitation-sent">
      {delivery.sent ? (
        <p>
          Invitation sent to {invitation.email} as {ROLE_LABELS[invitation.role]}.
        </p>
      ) : (
        <>
          <p>
            {delivery.reason === "not_configured"
              ? `No mail server is configured: send ${invitation.email} this link yourself.`
              : `The mail to ${invitation.email} could not be sent: send them this link yourself.`}{" "}
            It works once, for 7 days.
          </p>
          <code data-testid="invitation-link">{delivery.link}</code>
        </>
      )}
      <div className={form.row}>
        {delivery.sent ? null : (
          <button
            type="button"
            className="button primary"
            onClick={() =>
              navigator.clipboard.writeText(delivery.link).then(
                () => toast.success("Link copied"),
                () => toast.error("Could not copy: select the link and copy it"),
              )
            }
          >
            Copy link
          </button>
        )}
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
