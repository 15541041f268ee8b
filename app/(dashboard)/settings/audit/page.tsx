import type { Metadata } from "next";
import { AuditLogPage } from "@/components/settings/audit/audit-log-page";

export const metadata: Metadata = { title: "Audit log · Cadence" };

// Settings → Audit log: who changed the team, tokens, passwords and settings, and when (GET /api/audit).
export default function Page() {
  return <AuditLogPage />;
}
