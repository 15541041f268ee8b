import { describe, expect, it } from "vitest";
import type { QueueEntryView, QueuePostView } from "@/components/hooks/use-posting-queue";
import { excerptOf } from "@/components/queue/excerpt";
import { applyReorder, dayHeading, groupByDay, reorderablePosts, reorderBody } from "@/components/queue/queue-days";
import { reorderedMessage } from "@/components/queue/reordered-message";
import {
  addSlots,
  isSlotTime,
  normalizeSlots,
  removeSlot,
  sameSlots,
  slotsByDay,
  weekdayOrder,
} from "@/components/queue/weekly-slots";

const post = (id: string, scheduledAt: string, status: QueuePostView["status"] = "SCHEDULED"): QueuePostView => ({
  id,
  content: `post ${id}`,
  status,
  reviewState: null,
  version: 3,
  scheduledAt,
  channelIds: ["c1"],
});
const entry = (at: string, atLocal: string, posts: QueuePostView[], slot = true): QueueEntryView => ({
  at,
  atLocal,
  slot,
  slotChannelIds: slot ? ["c1"] : [],
  posts,
});

describe("weekly slots (the posting-schedule editor)", () => {
  it("adds a time on several weekdays once each, sorted by day then time", () => {
    const slots = addSlots([{ dayOfWeek: 1, time: "12:30" }], [1, 2, 3, 4, 5], "09:15");
    expect(slots).toEqual([
      { dayOfWeek: 1, time: "09:15" },
      { dayOfWeek: 1, time: "12:30" },
      { dayOfWeek: 2, time: "09:15" },
      { dayOfWeek: 3, time: "09:15" },
      { dayOfWeek: 4, time: "09:15" },
      { dayOfWeek: 5, time: "09:15" },
    ]);
    // Adding what is there already changes nothing.
    expect(addSlots(slots, [1, 2], "09:15")).toEqual(slots);
  });

  it("merges duplicates and removes one slot only", () => {
    const slots = normalizeSlots([
      { dayOfWeek: 0, time: "18:00" },
      { dayOfWeek: 0, time: "18:00" },
      { dayOfWeek: 6, time: "08:00" },
    ]);
    expect(slots).toHaveLength(2);
    expect(removeSlot(slots, { dayOfWeek: 0, time: "18:00" })).toEqual([{ dayOfWeek: 6, time: "08:00" }]);
    expect(removeSlot(slots, { dayOfWeek: 6, time: "18:00" })).toEqual(slots);
  });

  it("compares schedules whatever their order", () => {
    const a = [
      { dayOfWeek: 2, time: "09:00" },
      { dayOfWeek: 1, time: "10:00" },
    ];
    expect(sameSlots(a, [...a].reverse())).toBe(true);
    expect(sameSlots(a, a.slice(1))).toBe(false);
    expect(sameSlots(a, [a[0] as (typeof a)[0], { dayOfWeek: 1, time: "10:01" }])).toBe(false);
  });

  it("orders the week as the workspace's week runs, days without slots included", () => {
    expect(weekdayOrder("monday")).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(weekdayOrder("sunday")).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const byDay = slotsByDay(
      [
        { dayOfWeek: 0, time: "20:00" },
        { dayOfWeek: 1, time: "12:30" },
        { dayOfWeek: 1, time: "09:15" },
      ],
      weekdayOrder("monday"),
    );
    expect(byDay[0]).toEqual({ dayOfWeek: 1, times: ["09:15", "12:30"] });
    expect(byDay[6]).toEqual({ dayOfWeek: 0, times: ["20:00"] });
    expect(byDay[1]).toEqual({ dayOfWeek: 2, times: [] });
  });

  it("accepts only the API's HH:mm times", () => {
    for (const ok of ["00:00", "09:15", "23:59"]) expect(isSlotTime(ok)).toBe(true);
    for (const bad of ["9:15", "24:00", "09:60", "09:15:00", "", "ab:cd"]) expect(isSlotTime(bad)).toBe(false);
  });
});

describe("the queue's days and reordering", () => {
  const a = post("a", "2026-12-01T08:15:00.000Z");
  const b = post("b", "2026-12-01T11:30:00.000Z");
  const p = post("p", "2026-12-01T14:00:00.000Z", "PUBLISHING");
  const c = post("c", "2026-12-02T08:15:00.000Z", "IN_REVIEW");
  const entries = [
    entry("2026-12-01T08:15:00.000Z", "2026-12-01T09:15:00+01:00", [a]),
    entry("2026-12-01T11:30:00.000Z", "2026-12-01T12:30:00+01:00", [b]),
    entry("2026-12-01T14:00:00.000Z", "2026-12-01T15:00:00+01:00", [p], false),
    // 00:30 local on the 2nd is still the 1st in UTC: grouped by the workspace's wall date.
    entry("2026-12-01T23:30:00.000Z", "2026-12-02T00:30:00+01:00", []),
    entry("2026-12-02T08:15:00.000Z", "2026-12-02T09:15:00+01:00", [c]),
  ];

  it("groups entries by the wall date in the workspace's zone", () => {
    const days = groupByDay(entries);
    expect(days.map((d) => [d.date, d.entries.length])).toEqual([
      ["2026-12-01", 3],
      ["2026-12-02", 2],
    ]);
  });

  it("names days, with Today and Tomorrow", () => {
    expect(dayHeading("2026-12-01", "2026-11-20", "en-GB")).toBe("Tuesday 1 December");
    expect(dayHeading("2026-12-01", "2026-12-01", "en-GB")).toBe("Today · Tuesday 1 December");
    expect(dayHeading("2026-12-01", "2026-11-30", "en-GB")).toBe("Tomorrow · Tuesday 1 December");
    // Across a month and a year end.
    expect(dayHeading("2027-01-01", "2026-12-31", "en-GB")).toBe("Tomorrow · Friday 1 January");
  });

  it("lets only scheduled and in-review posts move", () => {
    expect(reorderablePosts(entries).map((x) => x.id)).toEqual(["a", "b", "c"]);
  });

  it("sends only the posts between the two places, in their new order", () => {
    const posts = reorderablePosts(entries);
    expect(reorderBody(posts, 0, 2)).toEqual({
      order: [
        { postId: "b", version: 3 },
        { postId: "c", version: 3 },
        { postId: "a", version: 3 },
      ],
    });
    expect(reorderBody(posts, 2, 1)).toEqual({
      order: [
        { postId: "c", version: 3 },
        { postId: "b", version: 3 },
      ],
    });
    expect(reorderBody(posts, 1, 1)).toBeNull();
    expect(reorderBody(posts, 0, 3)).toBeNull();
    expect(reorderBody(posts, -1, 0)).toBeNull();
  });

  it("shows a reorder at once: the posts take each other's times, earliest to the first", () => {
    const next = applyReorder(entries, [
      { postId: "b", version: 3 },
      { postId: "a", version: 3 },
    ]);
    expect(next[0]?.posts.map((x) => [x.id, x.scheduledAt])).toEqual([["b", "2026-12-01T08:15:00.000Z"]]);
    expect(next[1]?.posts.map((x) => [x.id, x.scheduledAt])).toEqual([["a", "2026-12-01T11:30:00.000Z"]]);
    // Others stay where they were.
    expect(next[2]?.posts.map((x) => x.id)).toEqual(["p"]);
    expect(next[4]?.posts.map((x) => x.id)).toEqual(["c"]);
    expect(next).toHaveLength(entries.length);
  });
});

describe("excerptOf", () => {
  it("takes the first line, shortened by characters, not UTF-16 units", () => {
    expect(excerptOf("Hello\nworld")).toBe("Hello");
    expect(excerptOf("   ")).toBe("(no text)");
    expect(excerptOf("🎉".repeat(10), 5)).toBe("🎉🎉🎉🎉…");
    expect(excerptOf("abcde", 5)).toBe("abcde");
  });
});

describe("reorderedMessage", () => {
  it("says 'swapped' only when two posts change places; with more, the ones between move one place", () => {
    expect(reorderedMessage(2)).toBe("Reordered: the two posts swapped times");
    expect(reorderedMessage(3)).toBe("Reordered: the post took its new time and 2 posts moved one place");
    expect(reorderedMessage(5)).toBe("Reordered: the post took its new time and 4 posts moved one place");
  });
});
