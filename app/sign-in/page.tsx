import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getPageSession } from "@/lib/api/page-session";
import { readDemoCredentials } from "@/lib/auth/demo-credentials";
import { safeNext } from "@/lib/auth/safe-next";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Cadence" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Email + password; already signed in goes straight on to `next`. */
export default async function SignInPage({ searchParams }: Props) {
  const { next: raw } = await searchParams;
  const next = safeNext(typeof raw === "string" ? raw : null);
  if (await getPageSession()) redirect(next);
  return (
    <main className="auth-page">
      <SignInForm next={next} demo={readDemoCredentials()} />
    </main>
  );
}
