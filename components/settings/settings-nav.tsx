"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCan } from "@/components/hooks/use-permission";
import styles from "@/components/settings/settings.module.css";
import type { Permission } from "@/lib/auth/permissions";

// Settings' sections. Team (/settings/team) is the roles work of issue 12: linked here from the start.
const SECTIONS = [
  { href: "/settings/workspace", label: "Workspace" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/channels", label: "Channels" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/notifications", label: "Notifications" },
  // Owners and Admins only (audit:read): others do not see the link.
  { href: "/settings/audit", label: "Audit log", needs: "audit:read" },
] as const satisfies readonly { href: string; label: string; needs?: Permission }[];

/** The sections of Settings, the current one marked. */
export function SettingsNav() {
  const pathname = usePathname();
  const canReadAudit = useCan("audit:read");
  return (
    <nav className={styles.nav} aria-label="Settings">
      {SECTIONS.filter((s) => !("needs" in s) || canReadAudit).map((s) => (
        <Link
          key={s.href}
          href={s.href}
          className={styles.navLink}
          aria-current={pathname === s.href || pathname.startsWith(`${s.href}/`) ? "page" : undefined}
        >
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
