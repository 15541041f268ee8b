import { beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as channelsRoute from "@/app/api/channels/route";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
const SECRET = "a-webhook-secret-of-some-length";
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const create = (body: unknown) => callRoute(channelsRoute.POST, { method: "POST", path: "/api/channels", token, body });

describe("channels API", () => {
  it("connects a webhook channel: credentials encrypted at rest and never returned", async () => {
    const res = await create({
      platform: "WEBHOOK",
      displayName: "Zapier",
      config: { url: "https://hooks.example.com/in" },
      credentials: { secret: SECRET },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      platform: "WEBHOOK",
      displayName: "Zapier",
      config: { url: "https://hooks.example.com/in" },
      active: true,
      hasCredentials: true,
      sandbox: false,
    });
    expect(res.text).not.toContain(SECRET);
    expect(Object.keys(res.json)).not.toContain("credentialsEnc");
    const stored = await db.channel.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(stored.credentialsEnc).not.toContain(SECRET);
    expect(decryptCredentials(stored.credentialsEnc ?? "")).toEqual({ secret: SECRET });

    const params = { id: res.json.id };
    for (const read of [
      await callRoute(channelsRoute.GET, { path: "/api/channels", token }),
      await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params }),
      await callRoute(channelRoute.PATCH, {
        method: "PATCH",
        path: "/api/channels/id",
        token,
        params,
        body: { credentials: { secret: `${SECRET}-rotated` } },
      }),
    ]) {
      expect(read.status).toBe(200);
      expect(read.text).not.toContain(SECRET);
    }
    const rotated = await db.channel.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(decryptCredentials(rotated.credentialsEnc ?? "")).toEqual({ secret: `${SECRET}-rotated` });
  });

  it("connects a sandbox channel with nothing else, and another platform with credentials for later", async () => {
    const sandbox = await create({ platform: "SANDBOX", displayName: "Try-out" });
    expect(sandbox.status).toBe(201);
    expect(sandbox.json).toMatchObject({ sandbox: true, hasCredentials: false, config: {} });
    const mastodon = await create({
      platform: "MASTODON",
      displayName: "Fosstodon",
      config: { instance: "https://fosstodon.org" },
      credentials: { accessToken: "mastodon-token-value" },
    });
    expect(mastodon.status).toBe(201);
    expect(mastodon.text).not.toContain("mastodon-token-value");
    const list = await callRoute(channelsRoute.GET, { path: "/api/channels", token });
    expect(list.json.channels.map((c: { displayName: string }) => c.displayName)).toEqual(["Fosstodon", "Try-out"]);
  });

  it("refuses bad bodies with 400 naming the fields, writing nothing", async () => {
    const cases: [unknown, string[]][] = [
      [{ platform: "MYSPACE", displayName: "x" }, ["platform"]],
      [{ platform: "WEBHOOK", displayName: "" }, ["displayName", "config", "credentials"]],
      [
        { platform: "WEBHOOK", displayName: "x", config: { url: "file:///etc" }, credentials: { secret: "short" } },
        ["config.url", "credentials.secret"],
      ],
      [{ platform: "SANDBOX", displayName: "x", credentials: { secret: SECRET } }, ["credentials"]],
      // Per-channel caps (config.limits) are checked on every platform, never silently ignored.
      [
        { platform: "MASTODON", displayName: "x", config: { limits: { maxCharacters: -5 } } },
        ["config.limits.maxCharacters"],
      ],
      [
        { platform: "BLUESKY", displayName: "x", config: { limits: { maxMedia: 2.5, colour: 1 } } },
        ["config.limits.maxMedia", "config.limits"],
      ],
      [
        {
          platform: "WEBHOOK",
          displayName: "x",
          config: { url: "https://a.example.com", limits: { charactersPerUrl: "23" } },
          credentials: { secret: SECRET },
        },
        ["config.limits.charactersPerUrl"],
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const paths = res.json.error.details.map((d: { path: string }) => d.path);
      for (const field of fields) expect(paths).toContain(field);
    }
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
    const ok = await create({ platform: "MASTODON", displayName: "x", config: { limits: { maxCharacters: 5000 } } });
    expect(ok.status).toBe(201);
    expect(ok.json.config).toEqual({ limits: { maxCharacters: 5000 } });
  });

  it("edits and deletes; PATCH is checked against the channel's platform", async () => {
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      config: { url: "https://a.example.com" },
      credentials: { secret: SECRET },
    });
    const params = { id: channel.id };
    const bad = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params,
      body: { config: { url: "nope" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("config.url");
    expect((await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).config).toEqual({
      url: "https://a.example.com",
    });
    const ok = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params,
      body: { displayName: "Renamed", active: false, config: { url: "https://b.example.com" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ displayName: "Renamed", active: false, config: { url: "https://b.example.com" } });
    const del = await callRoute(channelRoute.DELETE, { method: "DELETE", path: "/api/channels/id", token, params });
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ id: channel.id, deleted: true, historyKept: false, affectedPosts: [] });
    expect(await db.channel.findUnique({ where: { id: channel.id } })).toBeNull();
  });

  it("404 for another workspace's channel on get, patch and delete, changing nothing", async () => {
    const other = await createWorkspace();
    const theirs = await createTestChannel(db, { workspaceId: other.workspace.id, displayName: "Theirs" });
    const params = { id: theirs.id };
    for (const res of [
      await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params }),
      await callRoute(channelRoute.PATCH, {
        method: "PATCH",
        path: "/api/channels/id",
        token,
        params,
        body: { displayName: "Mine" },
      }),
      await callRoute(channelRoute.DELETE, { method: "DELETE", path: "/api/channels/id", token, params }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("Theirs");
    }
    expect(await db.channel.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(theirs);
  });
});
