import { describe, expect, it } from "vitest";
import { scheduledMessage } from "@/components/hooks/scheduled-message";

// The toast after scheduling reads in the post's zone with the zone's own name, never an ISO string, and says
// "Submitted for approval" when approvals sent the post to review instead.

const now = new Date("2027-03-01T00:00:00Z");

describe("scheduledMessage", () => {
  it("reads a scheduled post's instant in its zone, summer time included", () => {
    const text = scheduledMessage(
      { status: "SCHEDULED", scheduledAt: "2027-07-01T07:00:00.000Z", timezone: "Europe/Berlin" },
      "Scheduled for",
      now,
    );
    expect(text.startsWith("Scheduled for ")).toBe(true);
    expect(text).toMatch(/09:00|9:00/);
    expect(text).not.toMatch(/2027-07-01|T07:00/);
  });

  it("says a post sent to review was submitted for approval, not scheduled", () => {
    const text = scheduledMessage(
      { status: "IN_REVIEW", scheduledAt: "2027-01-15T14:30:00.000Z", timezone: "America/New_York" },
      "Rescheduled to",
      now,
    );
    expect(text.startsWith("Submitted for approval, for ")).toBe(true);
    expect(text).toMatch(/9:30/);
  });
});
