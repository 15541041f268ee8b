import pg from "pg";
import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "@/lib/db/is-database-unreachable";
import { isRedisUnreachable } from "@/lib/db/is-redis-unreachable";

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isDatabaseUnreachable", () => {
  it.each([
    ["pg: connection refused", coded("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["pg: reset", coded("read ECONNRESET", "ECONNRESET")],
    ["pg: server shut down (57P01)", coded("terminating connection due to administrator command", "57P01")],
    ["pg: crash shutdown (57P02)", coded("terminating connection because of crash of another server process", "57P02")],
    ["pg: starting up (57P03)", coded("the database system is starting up", "57P03")],
    ["pg: connection exception class 08", coded("connection failure", "08006")],
    ["pg: terminated", new Error("Connection terminated unexpectedly")],
    ["pg pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["Prisma P1001", coded("Can't reach database server at 127.0.0.1:1", "P1001")],
    ["Prisma P1017", coded("Server has closed the connection.", "P1017")],
    ["Prisma P2024 pool timeout", coded("Timed out fetching a new connection from the connection pool.", "P2024")],
    [
      "Prisma with the pg adapter",
      Object.assign(coded("…", "P2010"), {
        meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable", host: "127.0.0.1" } } },
      }),
    ],
    ["Prisma raw query", coded("Raw query failed. Message: `Can't reach database server at 127.0.0.1:1`", "P2010")],
    ["wrapped in a cause", new Error("query failed", { cause: coded("connect ECONNREFUSED", "ECONNREFUSED") })],
    [
      "AggregateError (IPv4 and IPv6 refused)",
      new AggregateError([coded("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")]),
    ],
  ])("%s → true", (_, err) => {
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it.each([
    ["a unique violation", coded('duplicate key value violates unique constraint "Post_pkey"', "23505")],
    ["Prisma record not found", coded("No record was found for an update.", "P2025")],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    [
      "another server refused a fetch",
      new TypeError("fetch failed", { cause: coded("connect ECONNREFUSED", "ECONNREFUSED") }),
    ],
    ["not an error", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("%s → false", (_, err) => {
    expect(isDatabaseUnreachable(err)).toBe(false);
  });

  it("a real pg pool pointed at a closed port", async () => {
    const pool = new pg.Pool({ connectionString: "postgresql://x:y@127.0.0.1:1/x" });
    const err = await pool.query("SELECT 1").catch((e: unknown) => e);
    await pool.end();
    expect(isDatabaseUnreachable(err)).toBe(true);
  });
});

describe("isRedisUnreachable", () => {
  it.each([
    ["command timeout", new Error("Command timed out")],
    ["closed connection", new Error("Connection is closed.")],
    ["offline queue off", new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ["refused", coded("connect ECONNREFUSED 127.0.0.1:6379", "ECONNREFUSED")],
    [
      "retries",
      Object.assign(new Error("Reached the max retries per request limit (which is 1)."), {
        name: "MaxRetriesPerRequestError",
      }),
    ],
  ])("%s → true", (_, err) => {
    expect(isRedisUnreachable(err)).toBe(true);
  });
  it("a script error is not an outage", () => {
    expect(isRedisUnreachable(new Error("ERR Error running script"))).toBe(false);
  });
});
