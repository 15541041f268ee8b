"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useSession, useSignOut } from "@/components/hooks/use-session";
import { AppToaster } from "@/components/shell/app-toaster";
import { AttentionPopover } from "@/components/shell/attention-popover";
import { KeyboardShortcuts } from "@/components/shell/keyboard-shortcuts";
import { NotificationBell } from "@/components/shell/notification-bell";
import { StatusPopover } from "@/components/shell/status-popover";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";

const NAV = [
  { href: "/", label: "Calendar" },
  { href: "/posts", label: "Posts" },
  { href: "/queue", label: "Queue" },
  { href: "/insights", label: "Insights" },
  { href: "/evergreen", label: "Evergreen" },
  { href: "/import", label: "Import" },
  // /library, not /media: /media/:id/:variant is the signed public file route.
  { href: "/library", label: "Media" },
  // Settings: Workspace, Team, Channels, API tokens (components/settings/settings-nav.tsx).
  { href: "/settings", label: "Settings" },
] as const;

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Top bar (brand, pages, workspace, status, person, sign out) over every dashboard page. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { user } = useSession();
  const signOut = useSignOut();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="appbar">
        <div className="appbar-inner">
          <Link href="/" className="brand" aria-label="Cadence home">
            <span className="logo" aria-hidden="true">
              ◷
            </span>
            <span>Cadence</span>
          </Link>
          <WorkspaceSwitcher />
          <nav className="appnav" aria-label="Main">
            {NAV.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className="appnav-link"
                aria-current={isActive(pathname, item.href) ? "page" : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="appbar-end">
            <NotificationBell />
            <AttentionPopover />
            <StatusPopover />
            <span className="user-email" title={user.email}>
              {user.email}
            </span>
            <button
              type="button"
              className="button"
              onClick={() => signOut.mutate()}
              disabled={signOut.isPending}
              aria-busy={signOut.isPending}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
      <AppToaster />
      <KeyboardShortcuts />
    </div>
  );
}
