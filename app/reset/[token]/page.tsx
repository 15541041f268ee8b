import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { getPrisma } from "@/lib/db/prisma";
import { unusableResetError } from "@/lib/password-reset/reset-password";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set a new password · Cadence", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

/** The reset link: a form for the new password, or why the link no longer works. */
export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await params;
  const row = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await getPrisma().passwordResetToken.findUnique({
        where: { tokenHash: hashOneTimeToken(token) },
        select: { usedAt: true, expiresAt: true },
      })
    : null;
  const unusable = unusableResetError(row, new Date());
  return (
    <main className="auth-page">
      <section className="auth-card" aria-label="Set a new password">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◷
          </span>
          <span>Cadence</span>
        </div>
        <h1>Set a new password</h1>
        {unusable ? (
          <>
            <p role="alert">{unusable.message}.</p>
            <p>
              <a href="/forgot-password">Ask for a new link</a> · <a href="/sign-in">Sign in</a>
            </p>
          </>
        ) : (
          <ResetPasswordForm token={token} />
        )}
      </section>
    </main>
  );
}
