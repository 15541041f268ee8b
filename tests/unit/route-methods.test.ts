import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { API_ROUTE_METHODS, allowedApiMethods } from "@/lib/api/route-methods";
import { proxy } from "@/proxy";

const API_DIR = path.resolve("app/api");

/** Every app/api/**\/route.ts (but the catch-all) → the HTTP methods it exports. */
function routeFiles(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of readdirSync(API_DIR, { recursive: true, encoding: "utf8" })) {
    if (!entry.endsWith("route.ts") || entry.includes("[...path]")) continue;
    const source = readFileSync(path.join(API_DIR, entry), "utf8");
    const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
      (m) => m[1] as string,
    );
    out[`/api/${path.dirname(entry).split(path.sep).join("/")}`] = methods.sort();
  }
  return out;
}

describe("API_ROUTE_METHODS", () => {
  it("lists exactly the route files and the methods they export", () => {
    const table = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([k, v]) => [k, [...v].sort()]));
    expect(table).toEqual(routeFiles());
  });

  it("matches dynamic segments and leaves unknown paths to the catch-all", () => {
    expect(allowedApiMethods("/api/posts/abc")).toEqual(["GET", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    expect(allowedApiMethods("/api/scheduling/posts/abc/schedule")).toEqual(["POST", "DELETE", "OPTIONS"]);
    expect(allowedApiMethods("/api/posts/abc/nope")).toBeNull();
    expect(allowedApiMethods("/api/nope")).toBeNull();
  });
});

describe("proxy on /api", () => {
  it("answers a method a known endpoint lacks with 405 in the JSON error shape and Allow", async () => {
    const res = proxy(new NextRequest("http://localhost/api/posts/abc", { method: "PUT" })) as Response;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("method_not_allowed");
    expect(body.error.message).toContain("PUT");
  });

  it("lets allowed methods and unknown paths through (no redirect to sign-in for the API)", () => {
    for (const [method, url] of [
      ["GET", "/api/posts"],
      ["DELETE", "/api/posts/x"],
      ["GET", "/api/does-not-exist"],
    ] as const) {
      const res = proxy(new NextRequest(`http://localhost${url}`, { method })) as Response;
      expect(res.status, url).toBe(200);
      expect(res.headers.get("x-middleware-next")).toBe("1");
    }
  });
});
