"use client";

import { useState } from "react";
import { toast } from "sonner";
import { localDateTime } from "@/components/evergreen/format";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import { InviteForm } from "@/components/settings/team/invite-form";
import { PendingInvitations } from "@/components/settings/team/pending-invitations";
import styles from "@/components/settings/team/team.module.css";
import {
  type TeamMember,
  useChangeRole,
  useMembers,
  useRemoveMember,
  useTransferOwnership,
} from "@/components/settings/team/use-team";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

const ROLES: MembershipRole[] = ["OWNER", "ADMIN", "EDITOR", "APPROVER", "VIEWER"];

const ROLE_HINTS: Record<MembershipRole, string> = {
  OWNER: "everything, including handing over ownership",
  ADMIN: "everything but ownership: team, tokens, settings",
  EDITOR: "creates, edits and schedules posts; media and channels",
  APPROVER: "reads and approves posts (a client)",
  VIEWER: "reads only",
};

/**
 * Settings → Team: the members with role and last activity; with members:manage, change a role or remove a member;
 * an Owner also transfers ownership; with members:manage, invite by email and resend or revoke pending invitations. Every change goes through the Team API (and its audit log); the API refuses
 * what the role may not do even where the page offers it.
 */
export function TeamSection() {
  const members = useMembers();
  const session = useSession();
  const canManage = useCan("members:manage");
  const isOwner = session.workspace.role === "OWNER";
  const timezone = session.workspace.timezone;

  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Team</h1>
          <p className="muted">Who works in {session.workspace.name}, and what each role may do.</p>
        </div>
      </header>
      <section className="card" aria-labelledby="team-heading">
        <div className="card-head">
          <h2 id="team-heading" className={page.sectionTitle}>
            Members
          </h2>
          {members.data ? <span className="muted">{members.data.length}</span> : null}
        </div>
        {members.isPending ? (
          <LoadingRows rows={3} label="Loading members…" />
        ) : members.isError ? (
          <ErrorState
            title="Members could not be loaded"
            message={members.error.message}
            onRetry={() => void members.refetch()}
          />
        ) : members.data.length === 0 ? (
          <EmptyState title="No members" />
        ) : (
          <ul className={styles.list}>
            {members.data.map((m) => (
              <MemberRow
                key={m.userId}
                member={m}
                self={m.userId === session.user.id}
                canManage={canManage}
                isOwner={isOwner}
                timezone={timezone}
              />
            ))}
          </ul>
        )}
      </section>
      {canManage ? (
        <>
          <InviteForm />
          <PendingInvitations timezone={timezone} />
        </>
      ) : null}
      <section className="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading" className={page.sectionTitle}>
          Roles
        </h2>
        <dl className={styles.roles}>
          {ROLES.map((r) => (
            <div key={r}>
              <dt>{ROLE_LABELS[r]}</dt>
              <dd>{ROLE_HINTS[r]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

function MemberRow({
  member,
  self,
  canManage,
  isOwner,
  timezone,
}: {
  member: TeamMember;
  self: boolean;
  canManage: boolean;
  isOwner: boolean;
  timezone: string;
}) {
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const transfer = useTransferOwnership();
  const [confirm, setConfirm] = useState<"remove" | "transfer" | null>(null);
  const busy = changeRole.isPending || remove.isPending || transfer.isPending;
  // Only an Owner makes or unmakes Owners (the API says the same: 403 for an Admin).
  const roleEditable = canManage && (isOwner || member.role !== "OWNER");
  const roleChoices = isOwner ? ROLES : ROLES.filter((r) => r !== "OWNER");
  const fail = (error: Error) => toast.error(error.message);

  return (
    <li className={styles.member} data-member={member.email}>
      <div className={styles.who}>
        <span className={styles.name}>
          {member.name || member.email}
          {self ? <span className="muted"> (you)</span> : null}
        </span>
        <span className="muted">{member.email}</span>
        <span className="muted">
          Last active: {member.lastActiveAt ? localDateTime(member.lastActiveAt, timezone) : "never"}
        </span>
      </div>
      {roleEditable ? (
        <label className={styles.role}>
          <span className="visually-hidden">Role of {member.name || member.email}</span>
          <select
            value={member.role}
            disabled={busy}
            onChange={(e) =>
              changeRole.mutate(
                { userId: member.userId, role: e.target.value as MembershipRole },
                { onSuccess: (r) => toast.success(`${member.email} is now ${ROLE_LABELS[r.role]}`), onError: fail },
              )
            }
          >
            {roleChoices.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <span className={styles.badge} data-role={member.role}>
          {ROLE_LABELS[member.role]}
        </span>
      )}
      <div className={styles.actions}>
        {isOwner && !self ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              confirm === "transfer"
                ? transfer.mutate(member.userId, {
                    onSuccess: () => toast.success(`${member.email} is now the Owner; you are an Admin`),
                    onError: fail,
                    onSettled: () => setConfirm(null),
                  })
                : setConfirm("transfer")
            }
          >
            {confirm === "transfer" ? "Confirm: make Owner" : "Transfer ownership"}
          </button>
        ) : null}
        {roleEditable ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              confirm === "remove"
                ? remove.mutate(member.userId, {
                    onSuccess: () => toast.success(`${member.email} was removed and signed out of this workspace`),
                    onError: fail,
                    onSettled: () => setConfirm(null),
                  })
                : setConfirm("remove")
            }
          >
            {confirm === "remove" ? "Confirm remove" : self ? "Leave" : "Remove"}
          </button>
        ) : null}
        {confirm ? (
          <button type="button" className="button" onClick={() => setConfirm(null)} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </li>
  );
}
