import { describe, expect, it } from "vitest";
import { accountLabelOf, initialsOf } from "@/components/calendar/channel-avatar";
import { chipRankOf, compareSlotEvents, slotCapOf } from "@/components/calendar/event-order";
import { resolveSlotPick } from "@/components/calendar/slot-pick";
import { channelStateOf } from "@/components/calendar/status";
import { type CalendarPostView, describeCalendarPosts } from "@/components/hooks/use-calendar-posts";
import type { CalendarResponse } from "@/lib/schemas/calendar";

// The calendar's pure rules for staying readable at volume: which chips a crowded slot shows before "+N more",
// which account a chip names, each channel's state in the hover card, and where a click on the grid opens the
// composer (never at a time already gone).

type Post = Pick<CalendarPostView, "id" | "status" | "outcome" | "channels">;
const channel = (displayName: string) =>
  ({ id: `ch-${displayName}`, displayName, platform: "SANDBOX" }) as CalendarPostView["channels"][number];
const post = (id: string, status: Post["status"], brand = "Brand A", state?: "failed" | "partly_published"): Post => ({
  id,
  status,
  channels: [channel(brand)],
  outcome: state ? { state, failing: [] } : null,
});

describe("slotCapOf", () => {
  it("caps week columns at 1, the day view at 4 (1 on a phone), month days at 3", () => {
    expect(slotCapOf("week", false)).toBe(1);
    expect(slotCapOf("day", false)).toBe(4);
    expect(slotCapOf("day", true)).toBe(1);
    expect(slotCapOf("month", false)).toBe(3);
  });
});

describe("compareSlotEvents: which chips a crowded slot shows first", () => {
  const at = Date.UTC(2027, 2, 1, 9);
  const sorted = (posts: Post[], start = (_: Post) => at) =>
    posts
      .map((p) => ({ start: start(p), post: p }))
      .sort(compareSlotEvents)
      .map((e) => e.post.id);

  it("puts posts needing action before the rest, then scheduled, published, drafts", () => {
    const posts = [
      post("draft", "DRAFT"),
      post("published", "PUBLISHED"),
      post("scheduled", "SCHEDULED"),
      post("partly", "PUBLISHED", "Brand A", "partly_published"),
      post("failed", "FAILED", "Brand A", "failed"),
      post("publishing", "PUBLISHING"),
    ];
    const order = sorted(posts);
    expect(order.slice(0, 2).sort()).toEqual(["failed", "partly"]);
    expect(order.slice(2, 4).sort()).toEqual(["publishing", "scheduled"]);
    expect(order.slice(4)).toEqual(["published", "draft"]);
    // Whatever order they came in, the ones on show under a cap (1 in week view, 4 in day view) are those needing
    // action first.
    for (let shift = 0; shift < posts.length; shift++) {
      const rotated = [...posts.slice(shift), ...posts.slice(0, shift)];
      expect(["failed", "partly"]).toContain(sorted(rotated)[0]);
      expect(sorted(rotated).slice(0, slotCapOf("day", false)).sort()).toEqual([
        "failed",
        "partly",
        "publishing",
        "scheduled",
      ]);
    }
  });

  it("keeps one brand's posts together, and is stable by id", () => {
    const posts = [
      post("b2", "SCHEDULED", "Brand B"),
      post("a1", "SCHEDULED", "Brand A"),
      post("b1", "SCHEDULED", "Brand B"),
    ];
    expect(sorted(posts)).toEqual(["a1", "b1", "b2"]);
  });

  it("never reorders posts that start at different times (earlier first), and puts the grid's own events last", () => {
    const early = post("early-draft", "DRAFT");
    const late = post("late-failed", "FAILED", "Brand A", "failed");
    expect(sorted([late, early], (p) => (p === early ? at : at + 15 * 60_000))).toEqual(["early-draft", "late-failed"]);
    expect(compareSlotEvents({ start: at }, { start: at, post: early })).toBeGreaterThan(0);
    expect(compareSlotEvents({ start: at, post: early }, { start: at })).toBeLessThan(0);
  });

  it("ranks a failed post scheduled again as scheduled: the new run is what matters", () => {
    expect(chipRankOf({ status: "SCHEDULED", outcome: { state: "failed", failing: [] } })).toBe(1);
    expect(chipRankOf({ status: "FAILED", outcome: null })).toBe(0);
  });
});

describe("resolveSlotPick: the composer never opens at a time already gone", () => {
  const now = "2027-03-10T14:12";
  it.each([
    // [slot, expected]
    [
      { date: "2027-03-10", time: "15:00" },
      { date: "2027-03-10", time: "15:00" },
    ],
    [
      { date: "2027-03-10", time: "14:30" },
      { date: "2027-03-10", time: "14:30" },
    ],
    [
      { date: "2027-03-10", time: "14:00" },
      { date: "2027-03-10", time: "14:15" },
    ], // under way: next 5 minutes
    [{ date: "2027-03-10", time: "13:30" }, { past: true }],
    [{ date: "2027-03-10", time: "00:00" }, { past: true }],
    [{ date: "2027-03-09", time: "18:00" }, { past: true }], // yesterday, later in the day than now
    [
      { date: "2027-03-11", time: "08:00" },
      { date: "2027-03-11", time: "08:00" },
    ],
    [{ date: "2027-03-10" }, { date: "2027-03-10", time: "15:00" }], // month cell today: next full hour
    [{ date: "2027-03-11" }, { date: "2027-03-11", time: "09:00" }],
    [{ date: "2027-02-28" }, { past: true }],
  ])("%o at 14:12 → %o", (slot, expected) => {
    expect(resolveSlotPick(slot, now)).toEqual(expected);
  });

  it("at the end of the day: a slot under way whose next 5 minutes fall outside it, and today's month cell", () => {
    expect(resolveSlotPick({ date: "2027-03-10", time: "23:30" }, "2027-03-10T23:58")).toEqual({ past: true });
    expect(resolveSlotPick({ date: "2027-03-10", time: "23:30" }, "2027-03-10T23:52")).toEqual({
      date: "2027-03-10",
      time: "23:55",
    });
    expect(resolveSlotPick({ date: "2027-03-10" }, "2027-03-10T23:10")).toEqual({ past: true });
    // On the minute: at least a minute ahead.
    expect(resolveSlotPick({ date: "2027-03-10", time: "14:00" }, "2027-03-10T14:15")).toEqual({
      date: "2027-03-10",
      time: "14:20",
    });
  });
});

describe("channelStateOf: each channel's state in the hover card", () => {
  it("shows the post's own status before it runs, even over an earlier run's failure", () => {
    expect(channelStateOf({ status: "SCHEDULED" }, "FAILED")).toEqual({ key: "scheduled", label: "Scheduled" });
    expect(channelStateOf({ status: "DRAFT" }, null)).toEqual({ key: "draft", label: "Draft" });
  });
  it("shows each channel's result once it runs or ran", () => {
    expect(channelStateOf({ status: "PUBLISHED" }, "SUCCEEDED").label).toBe("Published");
    expect(channelStateOf({ status: "FAILED" }, "FAILED").label).toBe("Failed");
    expect(channelStateOf({ status: "PUBLISHED" }, "UNCONFIRMED").label).toBe("Unconfirmed");
    expect(channelStateOf({ status: "PUBLISHING" }, "PENDING").label).toBe("Sending");
    expect(channelStateOf({ status: "PUBLISHING" }, null).label).toBe("Sending");
    expect(channelStateOf({ status: "PUBLISHED" }, null).label).toBe("Not sent");
  });
});

describe("chips name the account, not only the platform", () => {
  const sandbox = { platform: "SANDBOX" as const, avatarUrl: null, color: "#123456" };
  it("labels with the channel's name, its handle and its network", () => {
    expect(accountLabelOf({ ...sandbox, displayName: "Brand A", accountName: "@brand.a" })).toBe(
      "Brand A · @brand.a (Sandbox)",
    );
    expect(accountLabelOf({ ...sandbox, displayName: "Brand A", accountName: null })).toBe("Brand A (Sandbox)");
    expect(accountLabelOf({ ...sandbox, displayName: "brand-d", accountName: "brand-d" })).toBe("brand-d (Sandbox)");
  });
  it("two sandbox channels no longer read the same: initials of their names", () => {
    expect(initialsOf("Brand A")).toBe("BA");
    expect(initialsOf("Brand B")).toBe("BB");
    expect(initialsOf("acme")).toBe("A");
    expect(initialsOf("  émile   zola ")).toBe("ÉZ");
    expect(initialsOf("")).toBe("?");
  });

  it("describeCalendarPosts gives every post's channels (and failing ones, deleted since) their account", () => {
    const ch = (id: string, displayName: string, deleted = false) => ({
      id,
      platform: "INSTAGRAM" as const,
      displayName,
      accountName: `@${displayName}`,
      avatarUrl: null,
      color: "#e11d48",
      active: !deleted,
      deleted,
    });
    const answer: CalendarResponse = {
      channels: [ch("a", "alpha"), ch("gone", "old", true)],
      truncated: false,
      posts: [
        {
          id: "p",
          content: "x",
          status: "FAILED",
          reviewState: null,
          scheduledAt: "2027-03-10T09:00:00.000Z",
          timezone: "UTC",
          media: [],
          channels: [{ id: "a", result: "SUCCEEDED" }],
          outcome: { state: "partly_published", failing: [{ id: "gone", status: "FAILED" }] },
        },
      ],
    };
    const [described] = describeCalendarPosts(answer);
    expect(described?.channels).toEqual([{ ...ch("a", "alpha"), result: "SUCCEEDED" }]);
    expect(described?.outcome?.failing).toEqual([{ ...ch("gone", "old", true), status: "FAILED" }]);
  });
});
