import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiRequestError, apiGet } from "@/components/hooks/api-fetch";
import { setDisplayZone } from "@/components/hooks/display-zone";
import { formatDateTime } from "@/lib/time/format-date-time";

// The dashboard's API client against a real HTTP server on 127.0.0.1 answering the API's error shape with ISO
// instants in it (as lib/posts/get-post-or-throw.ts and lib/publishing/in-flight-conflict.ts write them).
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(409, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: {
          code: "conflict",
          message: "Post p1 is being sent to a channel right now; edit it after 2026-07-01T10:00:05.000Z (in 5 s)",
          details: [{ path: "scheduledAt", message: "2026-12-01T08:00:00Z is in the past" }],
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function errorOf(promise: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiRequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("API error messages in the dashboard", () => {
  it("name every instant in the workspace's zone (with its zone name), not as ISO, in the message and field issues", async () => {
    setDisplayZone("Asia/Tokyo");
    const error = await errorOf(apiGet(`${base}/api/posts/p1`));
    expect(error.status).toBe(409);
    expect(error.code).toBe("conflict");
    expect(error.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const tokyo = { timeZone: "Asia/Tokyo", now: new Date() };
    expect(error.message).toBe(
      `Post p1 is being sent to a channel right now; edit it after ${formatDateTime("2026-07-01T10:00:05.000Z", tokyo)} (in 5 s)`,
    );
    // Independently of the runtime's locale: 10:00:05Z is 19:00 in Tokyo (no DST there), 08:00Z is 17:00.
    expect(error.message).toMatch(/\b(19:00|7:00\sPM)\b/);
    expect(error.issues).toEqual([
      { path: "scheduledAt", message: expect.stringMatching(/\b(17:00|5:00\sPM)\b.* is in the past$/) },
    ]);
    expect(error.issues[0]?.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    // The zone follows the workspace (the shell sets it from the session): Berlin is CEST in July, CET in December.
    setDisplayZone("Europe/Berlin");
    const again = await errorOf(apiGet(`${base}/api/posts/p1`));
    expect(again.message).toMatch(/\b(12:00|12:00\sPM)\b/);
    expect(again.issues[0]?.message).toMatch(/\b(09:00|9:00\sAM)\b/);
  });
});
