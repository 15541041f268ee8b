"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "@/components/settings/settings.module.css";

// Settings' sections. Team (/settings/team) is the roles work of issue 12: linked here from the start.
const SECTIONS = [
  { href: "/settings/workspace", label: "Workspace" },
  { href: "/settings/team", label: "Team" },
  { href: "/settings/channels", label: "Channels" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/notifications", label: "Notifications" },
] as const;

/** The sections of Settings, the current one marked. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav className={styles.nav} aria-label="Settings">
      {SECTIONS.map((s) => (
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
