import { describe, expect, it } from "vitest";
import { toCalendarEvents } from "@/components/calendar/calendar-events";
import type { CalendarPostView as PostView } from "@/components/hooks/use-calendar-posts";

// Who may drag posts on the calendar: a role with posts:schedule moves scheduled and failed posts; without it
// (Viewer, Approver) no post drags, whatever its status. Nothing is ever resized (a post is an instant).

const post = (id: string, status: PostView["status"]): PostView =>
  ({
    id,
    status,
    content: id,
    scheduledAt: "2027-03-01T10:00:00.000Z",
    channels: [],
  }) as unknown as PostView;
const posts = (["SCHEDULED", "FAILED", "PUBLISHED", "PUBLISHING"] as const).map((s) => post(s, s));
const now = new Date("2027-02-01T00:00:00Z");
const editable = (movable?: boolean) =>
  Object.fromEntries(
    toCalendarEvents(posts, "Europe/Berlin", now, movable)
      .filter((e) => e.id !== "past")
      .map((e) => [e.id, [e.startEditable, e.durationEditable]]),
  );

describe("toCalendarEvents movable", () => {
  it("lets scheduled and failed posts move for a role that may schedule (the default)", () => {
    const expected = {
      SCHEDULED: [true, false],
      FAILED: [true, false],
      PUBLISHED: [false, false],
      PUBLISHING: [false, false],
    };
    expect(editable()).toEqual(expected);
    expect(editable(true)).toEqual(expected);
  });

  it("lets nothing move or resize without posts:schedule", () => {
    expect(editable(false)).toEqual({
      SCHEDULED: [false, false],
      FAILED: [false, false],
      PUBLISHED: [false, false],
      PUBLISHING: [false, false],
    });
  });
});
