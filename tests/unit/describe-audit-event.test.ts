import { describe, expect, it } from "vitest";
import { type AuditEventItem, describeAuditEvent } from "@/components/settings/audit/describe-audit-event";

// How Settings → Audit log reads each event: who did it (a member, the operator CLI, someone not signed in, a
// token) and one sentence naming whom or what it was about.

const ada = { id: "u1", name: "Ada Admin", email: "ada@acme.test" };
const bo = { id: "u2", name: "", email: "bo@acme.test" };
const event = (e: Partial<AuditEventItem> & { action: string }): AuditEventItem => ({
  id: "e1",
  target: null,
  details: null,
  createdAt: "2027-01-01T10:00:00.000Z",
  actor: null,
  targetUser: null,
  ...e,
});

describe("describeAuditEvent", () => {
  it.each([
    [
      event({ action: "token.created", details: { name: "ci", prefix: "cad_ab12", scope: "read", by: "cli" } }),
      { who: "Operator CLI", what: "Created API token “ci” (cad_ab12…, read)" },
    ],
    [
      event({ action: "token.revoked", actor: ada, details: { name: "ci", prefix: "cad_ab12" } }),
      { who: "Ada Admin", what: "Revoked API token “ci” (cad_ab12…)" },
    ],
    [
      event({ action: "member.added", targetUser: bo, details: { email: "bo@acme.test", role: "VIEWER", by: "cli" } }),
      { who: "Operator CLI", what: "Added bo@acme.test as Viewer" },
    ],
    [
      event({ action: "password.reset_requested", target: "user:u2", targetUser: bo }),
      { who: "Not signed in", what: "A password reset link was mailed to bo@acme.test" },
    ],
    [
      event({ action: "password.reset", actor: bo, targetUser: bo, details: { sessionsEnded: 2 } }),
      { who: "bo@acme.test", what: "bo@acme.test set a new password with a reset link; 2 sessions ended" },
    ],
    [
      event({ action: "password.set", targetUser: ada, details: { by: "cli", sessionsEnded: 0 } }),
      { who: "Operator CLI", what: "Set the password of Ada Admin" },
    ],
    [
      event({ action: "member.role_changed", actor: ada, targetUser: bo, details: { from: "EDITOR", to: "APPROVER" } }),
      { who: "Ada Admin", what: "Changed the role of bo@acme.test from Editor to Approver" },
    ],
    [
      event({ action: "member.removed", actor: ada, details: { role: "EDITOR", sessionsEnded: 1 } }),
      { who: "Ada Admin", what: "Removed a former member (Editor); 1 session ended" },
    ],
    [
      event({
        action: "settings.changed",
        details: { timezone: { from: "UTC", to: "Pacific/Auckland" }, defaultChannelIds: { from: [], to: ["c1"] } },
      }),
      {
        who: "API token",
        what: "Changed the time zone “UTC” → “Pacific/Auckland”, the default channels 0 channels → 1 channel",
      },
    ],
    [
      event({
        action: "settings.changed",
        details: { channel: "Brand A · Bluesky", postingSchedule: { from: [], to: ["Mon 09:15", "Fri 12:30"] } },
      }),
      { who: "API token", what: "Changed the posting schedule of Brand A · Bluesky none → Mon 09:15, Fri 12:30" },
    ],
    [
      event({ action: "workspace.created", details: { name: "Acme", timezone: "Europe/Berlin", by: "cli" } }),
      { who: "Operator CLI", what: "Created the workspace “Acme” (Europe/Berlin)" },
    ],
    [
      event({ action: "something.new", actor: ada, target: "thing:9" }),
      { who: "Ada Admin", what: "something.new (thing:9)" },
    ],
  ])("%#: %o", (input, expected) => {
    expect(describeAuditEvent(input)).toEqual(expected);
  });
});
