import { describe, expect, it } from "vitest";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";
import { mapGraphError, metaUsageWaitMs } from "@/lib/publishing/networks/meta/map-graph-error";

// Graph API error bodies as https://developers.facebook.com/docs/graph-api/guides/error-handling shows them.
const graph = (code: number, message: string, extra: Record<string, unknown> = {}, headers: HeadersInit = {}) =>
  new GraphApiError(
    400,
    { message, type: "OAuthException", code, fbtrace_id: "AbCdEf", ...extra },
    new Headers(headers),
  );

describe("mapGraphError", () => {
  it("expired, revoked and session tokens (190 with subcodes, 102) need a reconnect, with Meta's words", () => {
    for (const [code, sub] of [
      [190, 463],
      [190, 460],
      [190, undefined],
      [102, undefined],
    ] as const) {
      const e = mapGraphError(graph(code, "Error validating access token", { error_subcode: sub }), "posting");
      expect(e.kind).toBe("reconnect");
      expect(e.message).toContain("Error validating access token");
      expect(e.message).toContain(`#${code}`);
    }
  });

  it("missing permissions (10, 200-299) need a reconnect to grant them", () => {
    expect(mapGraphError(graph(200, "(#200) Permissions error"), "posting").kind).toBe("reconnect");
    expect(mapGraphError(graph(10, "(#10) Application does not have permission"), "posting").kind).toBe("reconnect");
  });

  it("throttling codes are transient with the wait the usage headers give", () => {
    const buc = JSON.stringify({
      "1234": [
        { type: "pages", call_count: 100, total_cputime: 12, total_time: 30, estimated_time_to_regain_access: 7 },
      ],
    });
    for (const code of [4, 17, 32, 613, 80001]) {
      const e = mapGraphError(graph(code, "User request limit reached", {}, { "x-business-use-case-usage": buc }), "x");
      expect(e.kind).toBe("transient");
      expect(e.retryAfterMs).toBe(7 * 60_000);
    }
  });

  it("content policy (368), duplicate (506) and media (324) refusals are permanent, saying which", () => {
    const policy = mapGraphError(graph(368, "The action attempted has been deemed abusive"), "posting");
    expect(policy.kind).toBe("permanent");
    expect(policy.message).toMatch(/policies/);
    expect(policy.message).toContain("deemed abusive");
    const dup = mapGraphError(graph(506, "Duplicate status message"), "posting");
    expect(dup.kind).toBe("permanent");
    expect(dup.message).toMatch(/duplicate/i);
    const media = mapGraphError(graph(324, "Missing or invalid image file"), "uploading photo 1");
    expect(media.kind).toBe("permanent");
    expect(media.message).toContain("Missing or invalid image file");
    expect(mapGraphError(graph(100, "Invalid parameter"), "posting").kind).toBe("permanent");
  });

  it("temporary errors (1, 2, is_transient, 5xx) and no answer are transient; a refused address permanent", () => {
    expect(mapGraphError(graph(2, "Service temporarily unavailable"), "x").kind).toBe("transient");
    expect(mapGraphError(graph(1, "An unknown error occurred"), "x").kind).toBe("transient");
    expect(mapGraphError(graph(100, "Try again", { is_transient: true }), "x").kind).toBe("transient");
    expect(mapGraphError(new GraphApiError(503, {}, new Headers()), "x").kind).toBe("transient");
    expect(mapGraphError(new TypeError("fetch failed"), "x").kind).toBe("transient");
    expect(mapGraphError(new OutboundRefusedError("refused", "10.0.0.1 is private"), "x").kind).toBe("permanent");
  });

  it("keeps the message meant for people next to the API's", () => {
    const e = mapGraphError(graph(100, "Invalid parameter", { error_user_msg: "The link is not valid." }), "posting");
    expect(e.message).toContain("Invalid parameter");
    expect(e.message).toContain("The link is not valid.");
  });
});

describe("metaUsageWaitMs", () => {
  it("reads Retry-After seconds first", () => {
    expect(metaUsageWaitMs(new Headers({ "retry-after": "30" }))).toBe(30_000);
  });
  it("takes the largest estimated_time_to_regain_access (minutes) of X-Business-Use-Case-Usage", () => {
    const h = new Headers({
      "x-business-use-case-usage": JSON.stringify({
        a: [{ type: "pages", call_count: 95, estimated_time_to_regain_access: 0 }],
        b: [{ type: "instagram", call_count: 100, estimated_time_to_regain_access: 12 }],
      }),
    });
    expect(metaUsageWaitMs(h)).toBe(12 * 60_000);
  });
  it("estimates from X-App-Usage only once a figure reaches 100%", () => {
    expect(metaUsageWaitMs(new Headers({ "x-app-usage": '{"call_count":80,"total_time":20,"total_cputime":5}' }))).toBe(
      undefined,
    );
    const at100 = metaUsageWaitMs(
      new Headers({ "x-app-usage": '{"call_count":100,"total_time":20,"total_cputime":5}' }),
    );
    expect(at100).toBe(60_000);
    const at150 = metaUsageWaitMs(
      new Headers({ "x-app-usage": '{"call_count":150,"total_time":20,"total_cputime":5}' }),
    );
    expect(at150).toBe(Math.ceil((3_600_000 * 51) / 150));
  });
  it("says nothing without headers or with unreadable ones", () => {
    expect(metaUsageWaitMs(new Headers())).toBeUndefined();
    expect(metaUsageWaitMs(new Headers({ "x-app-usage": "not json" }))).toBeUndefined();
  });
});
