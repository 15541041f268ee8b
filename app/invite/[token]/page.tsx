import type { Metadata } from "next";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { getPageSession } from "@/lib/api/page-session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { findInvitationByToken } from "@/lib/invitations/find-invitation-by-token";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation · Cadence", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

const UNUSABLE: Record<string, { title: string; text: string }> = {
  not_found: {
    title: "This invitation link is not valid",
    text: "It may have been replaced by a newer one. Ask the person who invited you to send it again.",
  },
  accepted: { title: "This invitation was already used", text: "Sign in to open the workspace." },
  revoked: { title: "This invitation was revoked", text: "Ask the workspace's admins for a new one if you need it." },
  expired: { title: "This invitation has expired", text: "Invitations work for 7 days. Ask for a new one." },
};

/**
 * The invitation link: shows the workspace and role; a signed-in invitee accepts, a new person sets a name and
 * password (then is signed in), an existing account not signed in is asked to sign in first.
 */
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const invitation = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await findInvitationByToken({ db: getPrisma(), token })
    : ({ status: "not_found" } as const);
  const session = await getPageSession();
  let body: React.ReactNode;
  if (invitation.status !== "pending") {
    const unusable = UNUSABLE[invitation.status] ?? UNUSABLE.not_found;
    body = (
      <>
        <h1>{unusable?.title}</h1>
        <p>{unusable?.text}</p>
        <p>
          <a href="/sign-in">Go to sign-in</a>
        </p>
      </>
    );
  } else {
    const intro = (
      <>
        <h1>Join {invitation.workspaceName}</h1>
        <p>
          {invitation.inviterName ? `${invitation.inviterName} invited ` : "You are invited: "}
          <strong>{invitation.email}</strong> to the workspace <strong>{invitation.workspaceName}</strong> as{" "}
          <strong>{ROLE_LABELS[invitation.role]}</strong>.
        </p>
      </>
    );
    const signInHref = `/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`;
    if (session && session.user.email === invitation.email)
      body = (
        <>
          {intro}
          <AcceptInvitationForm token={token} email={invitation.email} mode="signed-in" />
        </>
      );
    else if (session)
      body = (
        <>
          {intro}
          <p className="form-error" role="alert">
            You are signed in as {session.user.email}. Sign out, then open this link again to accept as{" "}
            {invitation.email}.
          </p>
        </>
      );
    else if (invitation.accountExists)
      body = (
        <>
          {intro}
          <p>
            {invitation.email} already has a Cadence account. <a href={signInHref}>Sign in</a> to accept.
          </p>
        </>
      );
    else
      body = (
        <>
          {intro}
          <p>Choose your name and a password to create your account.</p>
          <AcceptInvitationForm token={token} email={invitation.email} mode="new-account" />
        </>
      );
  }
  return (
    <main className="auth-page">
      <section className="auth-card" aria-label="Invitation">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◷
          </span>
          <span>Cadence</span>
        </div>
        {body}
      </section>
    </main>
  );
}
