import { describe, expect, it } from "vitest";
import { chipStateOf } from "@/components/calendar/status";
import type { OutcomeView } from "@/components/hooks/api-types";
import { nextStepOf, outcomeStateOf } from "@/lib/posts/publication-outcome";

// The outcome of a publication from its channels' results, every mix of counts, and what the calendar chip says.

describe("outcomeStateOf", () => {
  it("follows the definition for every mix of up to 3 succeeded, failed and unconfirmed channels", () => {
    for (let s = 0; s <= 3; s++) {
      for (let f = 0; f <= 3; f++) {
        for (let u = 0; u <= 3; u++) {
          const expected =
            s > 0 ? (f + u > 0 ? "partly_published" : "published") : f > 0 ? "failed" : u > 0 ? "unconfirmed" : null;
          expect(outcomeStateOf(s, f, u), `${s} succeeded, ${f} failed, ${u} unconfirmed`).toBe(expected);
        }
      }
    }
  });
});

describe("nextStepOf", () => {
  const channel = { displayName: "Hook", active: true, deletedAt: null };
  const live = { current: true, editedSince: false };
  it("offers a retry only where it can help", () => {
    expect(nextStepOf({ status: "FAILED", errorKind: "transient", channel }, live).next).toBe("retry");
    expect(nextStepOf({ status: "FAILED", errorKind: "unknown_outcome", channel }, live).next).toBe("retry");
    expect(nextStepOf({ status: "FAILED", errorKind: null, channel }, live).next).toBe("retry");
    expect(nextStepOf({ status: "FAILED", errorKind: "confirmed_missing", channel }, live).next).toBe("retry");
    expect(nextStepOf({ status: "FAILED", errorKind: "permanent", channel }, live).next).toBe("edit_post");
    expect(
      nextStepOf({ status: "FAILED", errorKind: "permanent", channel }, { current: true, editedSince: true }).next,
    ).toBe("retry");
    expect(nextStepOf({ status: "UNCONFIRMED", errorKind: "unknown_outcome", channel }, live).next).toBe(
      "check_network",
    );
    // Even when edited since: an unconfirmed channel may be out, so it is never a plain retry.
    expect(
      nextStepOf({ status: "UNCONFIRMED", errorKind: null, channel }, { current: true, editedSince: true }).next,
    ).toBe("check_network");
  });
  it("asks to fix the channel first when it is disabled, deleted or needs reconnecting", () => {
    for (const c of [
      { ...channel, active: false },
      { ...channel, deletedAt: new Date() },
      { ...channel, needsReconnect: true },
    ]) {
      expect(nextStepOf({ status: "FAILED", errorKind: "transient", channel: c }, live).next).toBe("fix_channel");
    }
  });
  it("offers nothing once the post moved on", () => {
    expect(
      nextStepOf({ status: "FAILED", errorKind: "transient", channel }, { current: false, editedSince: false }),
    ).toEqual({
      next: "none",
      nextReason: expect.any(String),
    });
  });
});

describe("chipStateOf", () => {
  const outcome = (state: OutcomeView["state"]): OutcomeView => ({
    state,
    publicationId: "p",
    postVersion: 1,
    failing: [],
    succeeded: [],
  });
  it("gives a settled post that did not go out everywhere its own state, word and mark", () => {
    expect(chipStateOf({ status: "PUBLISHED", outcome: outcome("partly_published") })).toEqual({
      key: "partly",
      label: "Partly published",
      mark: "⚠",
    });
    expect(chipStateOf({ status: "FAILED", outcome: outcome("unconfirmed") })).toEqual({
      key: "unconfirmed",
      label: "Unconfirmed",
      mark: "?",
    });
    expect(chipStateOf({ status: "FAILED", outcome: outcome("failed") })).toEqual({
      key: "failed",
      label: "Failed",
      mark: "✕",
    });
    expect(chipStateOf({ status: "PUBLISHED", outcome: outcome("published") })).toEqual({
      key: "published",
      label: "Published",
      mark: null,
    });
  });
  it("shows the status of a post scheduled again, whatever its last publication was", () => {
    expect(chipStateOf({ status: "SCHEDULED", outcome: outcome("partly_published") })).toEqual({
      key: "scheduled",
      label: "Scheduled",
      mark: null,
    });
    expect(chipStateOf({ status: "DRAFT", outcome: null }).key).toBe("draft");
  });
});
