import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/hooks/use-session";
import { AppShell } from "@/components/shell/app-shell";
import { ComposeProvider } from "@/components/shell/compose-provider";
import { getPageSession } from "@/lib/api/page-session";
import { signInUrl } from "@/lib/auth/safe-next";

export const dynamic = "force-dynamic";

/**
 * Every dashboard page: signed out (no cookie, expired, revoked, no longer a member) → sign-in, and back here
 * afterwards. proxy.ts passes the requested path in `x-cadence-path` (a layout is not told its URL).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getPageSession();
  if (!session) redirect(signInUrl((await headers()).get("x-cadence-path")));
  return (
    <SessionProvider initial={session}>
      <ComposeProvider>
        <AppShell>{children}</AppShell>
      </ComposeProvider>
    </SessionProvider>
  );
}
