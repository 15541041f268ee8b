import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Forgot password · Cadence" };

/** "Forgot password?": asks for the email and mails a one-hour reset link if it has an account. */
export default function ForgotPasswordPage() {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-label="Forgot password">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◷
          </span>
          <span>Cadence</span>
        </div>
        <h1>Forgot your password?</h1>
        <p>Enter your email. If it has an account, we mail you a link to set a new password.</p>
        <ForgotPasswordForm />
        <p>
          <a href="/sign-in">Back to sign-in</a>
        </p>
      </section>
    </main>
  );
}
