import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import * as unknownRoute from "@/app/api/[...path]/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as channelsRoute from "@/app/api/channels/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { getEnv } from "@/lib/env";
import { MAX_SETTINGS_BYTES, MAX_SETTINGS_DEPTH } from "@/lib/schemas/json-bounds";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Issue 8 part 2 and 6: input PostgreSQL cannot store, oversized and mistyped bodies — all refused by the one
// route wrapper (lib/api/route.ts) with a 4xx naming the field, and nothing written.

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" });
  token = created.token;
  workspaceId = created.workspace.id;
});

const postCount = () => db.post.count({ where: { workspaceId } });
const channelCount = () => db.channel.count({ where: { workspaceId } });
const paths = (res: { json: { error: { details: { path: string }[] } } }) => res.json.error.details.map((d) => d.path);

/** A raw JSON text body (so escapes like \u0000 and \ud800 reach the server exactly as a client sent them). */
const createPostRaw = (json: string, headers: Record<string, string> = {}) =>
  callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body: json, headers });

describe("NUL bytes and unpaired surrogates: 400 naming the field, for every route", () => {
  it('{"content":"a\\u0000b"} is a 400 naming content, and no post is written', async () => {
    const res = await createPostRaw('{"content":"a\\u0000b"}');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(paths(res)).toEqual(["content"]);
    expect(res.json.error.message).toContain("NUL");
    expect(await postCount()).toBe(0);
  });

  it("a lone high or low surrogate in the body is a 400 naming the field (also inside arrays)", async () => {
    for (const [json, path] of [
      ['{"content":"x\\ud800"}', "content"],
      ['{"content":"\\udc00y"}', "content"],
      ['{"content":"ok","tags":["fine","\\ud83d"]}', "tags.1"],
    ] as const) {
      const res = await createPostRaw(json);
      expect(res.status, json).toBe(400);
      expect(paths(res)).toEqual([path]);
      expect(res.json.error.message).toContain("surrogate");
    }
    // A paired surrogate (an emoji written as escapes) is fine.
    const emoji = await createPostRaw('{"content":"\\ud83d\\udc4b"}');
    expect(emoji.status).toBe(201);
    expect(emoji.json.content).toBe("👋");
  });

  it("NUL deep inside a channel's config names the whole path (config.a.b); a NUL in a field name too", async () => {
    const create = (json: string) =>
      callRoute(channelsRoute.POST, { method: "POST", path: "/api/channels", token, body: json });
    const nested = await create('{"platform":"SANDBOX","displayName":"S","config":{"a":{"b":"x\\u0000"}}}');
    expect(nested.status).toBe(400);
    expect(paths(nested)).toEqual(["config.a.b"]);
    const key = await create('{"platform":"SANDBOX","displayName":"S","config":{"a\\u0000b":1}}');
    expect(key.status).toBe(400);
    expect(paths(key)).toEqual(["config.a\\u0000b"]);
    expect(await channelCount()).toBe(0);

    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Keep" });
    const patch = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: `/api/channels/${channel.id}`,
      token,
      params: { id: channel.id },
      body: '{"displayName":"New\\u0000"}',
    });
    expect(patch.status).toBe(400);
    expect(paths(patch)).toEqual(["displayName"]);
    expect((await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).displayName).toBe("Keep");
  });

  it("/api/posts/%00 (a NUL path id, as Next decodes it) is a 400 naming id, for reads and writes", async () => {
    const get = await callRoute(postRoute.GET, { path: "/api/posts/%00", token, params: { id: "\u0000" } });
    expect(get.status).toBe(400);
    expect(paths(get)).toEqual(["id"]);
    const schedule = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: "/api/scheduling/posts/%00/schedule",
      token,
      params: { id: "a\ud800" },
      body: { scheduledAt: "2030-01-01T10:00:00Z" },
    });
    expect(schedule.status).toBe(400);
    expect(paths(schedule)).toEqual(["id"]);
  });

  it("a NUL or a lone surrogate's bytes in the query are a 400 naming the parameter", async () => {
    for (const query of ["tag=%00", "tag=a%ED%A0%80", "channel=x%00y", "tag=%C3"]) {
      const res = await callRoute(postsRoute.GET, { path: `/api/posts?${query}`, token });
      expect(res.status, query).toBe(400);
      expect(paths(res), query).toEqual([query.split("=")[0]]);
    }
  });

  it("a NUL in the sign-in email is a 400 naming email (not a 500 from PostgreSQL)", async () => {
    const res = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: '{"email":"a\\u0000@example.com","password":"whatever"}',
      headers: { origin: "http://localhost", host: "localhost" },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(["email"]);
  });
});

describe("body size, content type and JSON shape", () => {
  it("a body over API_MAX_BODY_BYTES is 413, whether or not it declares its length, and nothing is written", async () => {
    const limit = getEnv().API_MAX_BODY_BYTES;
    const huge = JSON.stringify({ content: "x".repeat(limit) });
    const declared = await createPostRaw(huge, { "content-length": String(Buffer.byteLength(huge)) });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe("payload_too_large");
    const streamed = await createPostRaw(huge);
    expect(streamed.status).toBe(413);
    expect(await postCount()).toBe(0);
    // Just under the limit is read (and then judged by the schema: content is at most 100 000 characters).
    const under = await createPostRaw(JSON.stringify({ content: "x".repeat(200_000) }));
    expect(under.status).toBe(400);
    expect(paths(under)).toEqual(["content"]);
  });

  it("a write whose body is not application/json is 415; a JSON type with parameters or +json is accepted", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await createPostRaw('{"content":"hi"}', { "content-type": type });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
    }
    const latin1 = await createPostRaw('{"content":"hi"}', { "content-type": "application/json; charset=iso-8859-1" });
    expect(latin1.status).toBe(415);
    expect(await postCount()).toBe(0);
    const ok = await createPostRaw('{"content":"hi"}', { "content-type": "application/json; charset=UTF-8" });
    expect(ok.status).toBe(201);
    const vendor = await createPostRaw('{"content":"hi"}', { "content-type": "application/merge-patch+json" });
    expect(vendor.status).toBe(201);
  });

  it("sign-in posted as a form (before the page's scripts ran) is 415, never read as credentials", async () => {
    const res = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: "email=a%40b.c&password=secret",
      headers: { origin: "http://localhost", host: "localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
  });

  it("sign-in refuses another site's origin before reading the body (403, even for a huge body)", async () => {
    const res = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: "x".repeat(getEnv().API_MAX_BODY_BYTES + 1),
      headers: { origin: "https://evil.example", host: "localhost", "content-type": "text/plain" },
    });
    expect(res.status).toBe(403);
  });

  it("JSON nested past the wrapper's bound, malformed JSON and bytes that are not UTF-8 are 400", async () => {
    const deep = `{"content":"x","tags":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const tooDeep = await createPostRaw(deep);
    expect(tooDeep.status).toBe(400);
    expect(res400Message(tooDeep)).toContain("nested more than");
    expect((await createPostRaw('{"content":')).status).toBe(400);
    // {"content":"<0xFF>"}: a byte that is never UTF-8.
    const bytes = new Uint8Array([...Buffer.from('{"content":"'), 0xff, ...Buffer.from('"}')]);
    const notUtf8 = await postsRoute.POST(
      new NextRequest("http://localhost/api/posts", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: bytes,
      }),
      { params: Promise.resolve({}) },
    );
    expect(notUtf8.status).toBe(400);
    expect(((await notUtf8.json()) as { error: { message: string } }).error.message).toContain("UTF-8");
    expect(await postCount()).toBe(0);
  });

  it(`a channel config deeper than ${MAX_SETTINGS_DEPTH} levels or larger than ${MAX_SETTINGS_BYTES} bytes is 400 naming config`, async () => {
    let nested: unknown = "leaf";
    for (let i = 0; i < MAX_SETTINGS_DEPTH + 1; i++) nested = { a: nested };
    const create = (config: unknown) =>
      callRoute(channelsRoute.POST, {
        method: "POST",
        path: "/api/channels",
        token,
        body: { platform: "SANDBOX", displayName: "S", config },
      });
    const deep = await create(nested);
    expect(deep.status).toBe(400);
    expect(paths(deep)).toEqual(["config"]);
    expect(deep.json.error.details[0].message).toContain(`${MAX_SETTINGS_DEPTH} levels`);
    const big = await create({ blob: "x".repeat(MAX_SETTINGS_BYTES) });
    expect(big.status).toBe(400);
    expect(paths(big)).toEqual(["config"]);
    expect(await channelCount()).toBe(0);
    // At the bounds it is accepted.
    let atDepth: unknown = "leaf";
    for (let i = 0; i < MAX_SETTINGS_DEPTH; i++) atDepth = { a: atDepth };
    expect((await create(atDepth)).status).toBe(201);
  });

  it("every API answer says Cache-Control: no-store and nosniff, errors included", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [], content: "c" });
    const ok = await callRoute(postRoute.GET, { path: `/api/posts/${post.id}`, token, params: { id: post.id } });
    const missing = await callRoute(postRoute.GET, { path: "/api/posts/nope", token, params: { id: "nope" } });
    for (const res of [ok, missing]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect([ok.status, missing.status]).toEqual([200, 404]);
  });
});

describe("unknown API paths", () => {
  it("answer 404 in the JSON error shape for every method", async () => {
    const handlers = {
      GET: unknownRoute.GET,
      POST: unknownRoute.POST,
      PUT: unknownRoute.PUT,
      PATCH: unknownRoute.PATCH,
      DELETE: unknownRoute.DELETE,
    };
    for (const [method, handler] of Object.entries(handlers)) {
      const res = await callRoute(handler, { method, path: "/api/no/such/thing" });
      expect(res.status, method).toBe(404);
      expect(res.json.error).toEqual({ code: "not_found", message: `No API endpoint ${method} /api/no/such/thing` });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });
});

function res400Message(res: { json: { error: { message: string } } }): string {
  return res.json.error.message;
}
