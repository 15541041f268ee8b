import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

type Person = { id: string; name: string; email: string };

/** One row of GET /api/audit, as JSON (lib/audit/list-audit-events.ts). */
export type AuditEventItem = {
  id: string;
  action: string;
  target: string | null;
  details: unknown;
  createdAt: string;
  actor: Person | null;
  targetUser: Person | null;
};

const SETTING_LABELS: Record<string, string> = {
  name: "name",
  timezone: "time zone",
  weekStart: "week start",
  defaultChannelIds: "default channels",
  approvalsRequired: "approval requirement",
  failureWebhook: "failure webhook",
  postingSchedule: "posting schedule",
};

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const role = (v: unknown): string => ROLE_LABELS[v as MembershipRole] ?? String(v ?? "?");
const personName = (p: Person | null): string | null => (p ? p.name.trim() || p.email : null);
const sessions = (v: unknown): string =>
  typeof v === "number" && v > 0 ? `; ${v} session${v === 1 ? "" : "s"} ended` : "";
const settingValue = (key: string, v: unknown): string => {
  if (key === "defaultChannelIds") return Array.isArray(v) ? `${v.length} channel${v.length === 1 ? "" : "s"}` : "?";
  // A channel's posting slots (README "Queue"): ["Mon 09:15", …].
  if (key === "postingSchedule") return Array.isArray(v) ? (v.length > 0 ? v.join(", ") : "none") : "?";
  return typeof v === "string" ? `“${v}”` : String(v);
};

/**
 * How Settings → Audit log reads one event: `who` (the member by name, "Operator CLI" for an event whose actor is
 * null and `details.by` is "cli", "Not signed in" for a password reset asked for, else "API token": a token has
 * no person) and `what`, one sentence naming the person or thing it was about (`targetUser` by name, else what
 * `details` kept). An action it does not know reads as the action and its target, so nothing is hidden.
 */
export function describeAuditEvent(event: AuditEventItem): { who: string; what: string } {
  const d = record(event.details);
  const who =
    personName(event.actor) ??
    (d.by === "cli" ? "Operator CLI" : event.action === "password.reset_requested" ? "Not signed in" : "API token");
  const person = personName(event.targetUser) ?? text(d.email) ?? "a former member";
  const what = (() => {
    switch (event.action) {
      case "member.invited":
        return `Invited ${text(d.email) ?? "someone"} as ${role(d.role)}`;
      case "member.invitation_resent":
        return `Resent the invitation to ${text(d.email) ?? "someone"}`;
      case "member.invitation_revoked":
        return `Revoked the invitation to ${text(d.email) ?? "someone"}`;
      case "member.joined":
        return `${person} joined as ${role(d.role)}`;
      case "member.added":
        return `Added ${person} as ${role(d.role)}`;
      case "member.role_changed":
        return `Changed the role of ${person} from ${role(d.from)} to ${role(d.to)}`;
      case "member.removed":
        return `Removed ${person} (${role(d.role)})${sessions(d.sessionsEnded)}`;
      case "ownership.transferred":
        return `Made ${person} the Owner`;
      case "token.created":
        return `Created API token “${text(d.name) ?? "?"}” (${text(d.prefix) ?? "?"}…, ${
          d.scope === "read" ? "read" : "read and write"
        })`;
      case "token.revoked":
        return `Revoked API token “${text(d.name) ?? "?"}” (${text(d.prefix) ?? "?"}…)`;
      case "workspace.created":
        return `Created the workspace “${text(d.name) ?? "?"}” (${text(d.timezone) ?? "UTC"})`;
      case "settings.changed": {
        const changes = Object.entries(d).flatMap(([key, v]) => {
          const change = record(v);
          if (!("from" in change) || !("to" in change)) return [];
          const of = key === "postingSchedule" && text(d.channel) ? ` of ${text(d.channel)}` : "";
          const label = `${SETTING_LABELS[key] ?? key}${of}`;
          return [`${label} ${settingValue(key, change.from)} → ${settingValue(key, change.to)}`];
        });
        return changes.length > 0 ? `Changed the ${changes.join(", the ")}` : "Changed the settings";
      }
      case "password.reset_requested":
        return `A password reset link was mailed to ${person}`;
      case "password.reset":
        return `${person} set a new password with a reset link${sessions(d.sessionsEnded)}`;
      case "password.set":
        return `Set the password of ${person}${sessions(d.sessionsEnded)}`;
      default:
        return `${event.action}${event.target ? ` (${event.target})` : ""}`;
    }
  })();
  return { who, what };
}
