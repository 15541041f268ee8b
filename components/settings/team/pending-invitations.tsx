"use client";

import { useState } from "react";
import { toast } from "sonner";
import { localDateTime } from "@/components/evergreen/format";
import page from "@/components/insights/insights.module.css";
import { InvitationSentNotice } from "@/components/settings/team/invitation-sent-notice";
import styles from "@/components/settings/team/team.module.css";
import {
  type Invitation,
  type InvitationAnswer,
  useInvitations,
  useResendInvitation,
  useRevokeInvitation,
} from "@/components/settings/team/use-invitations";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { ROLE_LABELS } from "@/lib/auth/permissions";

/**
 * Settings → Team, "Pending invitations": the invitations not yet accepted or revoked (pending or expired) with
 * role, inviter, expiry and status; Resend (a new link and 7 more days) and Revoke (after a confirm) per row.
 */
export function PendingInvitations({ timezone }: { timezone: string }) {
  const invitations = useInvitations();
  const [resent, setResent] = useState<InvitationAnswer | null>(null);
  const open = invitations.data?.filter((i) => i.status === "pending" || i.status === "expired");

  return (
    <section className="card" aria-labelledby="invitations-heading">
      <div className="card-head">
        <h2 id="invitations-heading" className={page.sectionTitle}>
          Pending invitations
        </h2>
        {open ? <span className="muted">{open.length}</span> : null}
      </div>
      {invitations.isPending ? (
        <LoadingRows rows={2} label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState
          title="Invitations could not be loaded"
          message={invitations.error.message}
          onRetry={() => void invitations.refetch()}
        />
      ) : !open || open.length === 0 ? (
        <EmptyState title="No pending invitations" />
      ) : (
        <ul className={styles.list}>
          {open.map((i) => (
            <InvitationRow key={i.id} invitation={i} timezone={timezone} onResent={setResent} />
          ))}
        </ul>
      )}
      {resent ? (
        <div className={styles.invitationsNotice}>
          <InvitationSentNotice answer={resent} onDone={() => setResent(null)} />
        </div>
      ) : null}
    </section>
  );
}

function InvitationRow({
  invitation,
  timezone,
  onResent,
}: {
  invitation: Invitation;
  timezone: string;
  onResent: (answer: InvitationAnswer | null) => void;
}) {
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const [confirm, setConfirm] = useState(false);
  const busy = resend.isPending || revoke.isPending;
  const fail = (error: Error) => toast.error(error.message);
  const inviter = invitation.invitedBy ? invitation.invitedBy.name || invitation.invitedBy.email : "a former member";

  return (
    <li className={styles.member} data-invitation={invitation.email}>
      <div className={styles.who}>
        <span className={styles.name}>{invitation.email}</span>
        <span className="muted">Invited by {inviter}</span>
        <span className="muted">
          {invitation.status === "expired" ? "Expired" : "Expires"}: {localDateTime(invitation.expiresAt, timezone)}
        </span>
      </div>
      <span className={styles.badge} data-role={invitation.role}>
        {ROLE_LABELS[invitation.role]}
      </span>
      <span className={styles.badge} data-status={invitation.status}>
        {invitation.status === "expired" ? "Expired" : "Pending"}
      </span>
      <div className={styles.actions}>
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={`Resend invitation to ${invitation.email}`}
          onClick={() =>
            resend.mutate(invitation.id, {
              onSuccess: (answer) => {
                if (answer.delivery.sent) {
                  onResent(null);
                  toast.success(`Invitation sent again to ${invitation.email}`);
                } else onResent(answer);
              },
              onError: fail,
            })
          }
        >
          Resend
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={
            confirm ? `Confirm: revoke invitation to ${invitation.email}` : `Revoke invitation to ${invitation.email}`
          }
          onClick={() =>
            confirm
              ? revoke.mutate(invitation.id, {
                  onSuccess: () => toast.success(`Invitation to ${invitation.email} revoked; its link no longer works`),
                  onError: fail,
                  onSettled: () => setConfirm(false),
                })
              : setConfirm(true)
          }
        >
          {confirm ? "Confirm revoke" : "Revoke"}
        </button>
        {confirm ? (
          <button type="button" className="button" onClick={() => setConfirm(false)} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </li>
  );
}
