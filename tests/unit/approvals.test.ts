import { describe, expect, it } from "vitest";
import { chipStateOf } from "@/components/calendar/status";
import { postTitleExcerpt } from "@/lib/approvals/post-title-excerpt";
import { REVIEW_TIME_PASSED_MESSAGE, reviewTimePassed } from "@/lib/approvals/review-time-passed";
import { callerCan } from "@/lib/auth/permissions";
import { createCommentBody, reviewPostBody } from "@/lib/schemas/approvals";

const NOW = new Date("2026-11-29T12:00:00.000Z");

describe("reviewTimePassed", () => {
  it("is true only for a post IN_REVIEW whose time is at or before now", () => {
    const cases: [string, string | null, boolean][] = [
      ["IN_REVIEW", "2026-11-29T11:59:59.999Z", true],
      ["IN_REVIEW", "2026-11-29T12:00:00.000Z", true], // due now: the job would have run, it cannot any more
      ["IN_REVIEW", "2026-11-29T12:00:00.001Z", false],
      ["IN_REVIEW", null, false],
      ["SCHEDULED", "2026-11-29T11:00:00.000Z", false],
      ["DRAFT", "2026-11-29T11:00:00.000Z", false],
    ];
    for (const [status, scheduledAt, expected] of cases) {
      expect(reviewTimePassed({ status, scheduledAt }, NOW), `${status} ${scheduledAt}`).toBe(expected);
      const asDate = scheduledAt === null ? null : new Date(scheduledAt);
      expect(reviewTimePassed({ status, scheduledAt: asDate }, NOW)).toBe(expected);
    }
  });
});

describe("chipStateOf (approvals)", () => {
  it("says In review, changes requested, and not published when the time passed in review", () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(chipStateOf({ status: "IN_REVIEW", outcome: null, scheduledAt: future })).toEqual({
      key: "in_review",
      label: "In review",
      mark: null,
    });
    expect(chipStateOf({ status: "IN_REVIEW", outcome: null, scheduledAt: past })).toEqual({
      key: "review-passed",
      label: REVIEW_TIME_PASSED_MESSAGE,
      mark: "⏱",
    });
    expect(REVIEW_TIME_PASSED_MESSAGE).toBe("Not published: its time passed while waiting for approval");
    expect(
      chipStateOf({ status: "DRAFT", outcome: null, scheduledAt: future, reviewState: "CHANGES_REQUESTED" }),
    ).toMatchObject({ key: "changes", label: "Changes requested" });
    expect(chipStateOf({ status: "DRAFT", outcome: null, scheduledAt: null, reviewState: null }).key).toBe("draft");
  });
});

describe("reviewPostBody and createCommentBody", () => {
  it("needs a comment to request changes, 1..2000 characters once trimmed (code points, not UTF-16 units)", () => {
    const ok = (body: unknown) => reviewPostBody.safeParse(body).success;
    expect(ok({ decision: "approve", version: 1 })).toBe(true);
    expect(ok({ decision: "request_changes", version: 1 })).toBe(false);
    expect(ok({ decision: "request_changes", version: 1, comment: " \n " })).toBe(false);
    expect(ok({ decision: "request_changes", version: 1, comment: "x".repeat(2000) })).toBe(true);
    expect(ok({ decision: "request_changes", version: 1, comment: "x".repeat(2001) })).toBe(false);
    expect(ok({ decision: "request_changes", version: 1, comment: "😀".repeat(2000) })).toBe(true);
    expect(ok({ decision: "request_changes", version: 1, comment: "😀".repeat(2001) })).toBe(false);
    expect(ok({ decision: "reject", version: 1 })).toBe(false);
    expect(ok({ decision: "approve" })).toBe(false);
    expect(ok({ decision: "approve", version: -1 })).toBe(false);
    expect(ok({ decision: "approve", version: 1, extra: true })).toBe(false);
    const missing = reviewPostBody.safeParse({ decision: "request_changes", version: 2 });
    expect(missing.error?.issues.map((i) => i.path.join("."))).toEqual(["comment"]);
    expect(createCommentBody.parse({ body: "  hi  " })).toEqual({ body: "hi" });
    expect(createCommentBody.safeParse({ body: "" }).success).toBe(false);
  });
});

describe("callerCan", () => {
  it("reads the role table for members and the scope table for tokens; neither is no", () => {
    expect(callerCan({ role: "EDITOR", tokenScope: null }, "posts:approve")).toBe(false);
    expect(callerCan({ role: "APPROVER", tokenScope: null }, "posts:approve")).toBe(true);
    expect(callerCan({ role: "VIEWER", tokenScope: null }, "posts:comment")).toBe(false);
    expect(callerCan({ role: null, tokenScope: "write" }, "posts:approve")).toBe(true);
    expect(callerCan({ role: null, tokenScope: "read" }, "posts:comment")).toBe(false);
    expect(callerCan({ role: null, tokenScope: null }, "posts:read")).toBe(false);
  });
});

describe("postTitleExcerpt", () => {
  it("folds whitespace and cuts at 40 characters (code points) with an ellipsis", () => {
    expect(postTitleExcerpt("Spring  sale\nstarts Monday")).toBe("“Spring sale starts Monday”");
    expect(postTitleExcerpt(`${"a".repeat(39)} bcd`)).toBe(`“${"a".repeat(39)}…”`);
    expect(postTitleExcerpt("😀".repeat(41))).toBe(`“${"😀".repeat(40)}…”`);
    expect(postTitleExcerpt("   ")).toBe("“untitled post”");
  });
});
