import { beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// The composer's autosave (README "Composer") writes drafts through PATCH /api/posts/:id with the `version` it read:
// compare-and-set, so two tabs editing one draft do not overwrite each other silently. Real PostgreSQL and Redis.

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, obliterateQueue: true });
let token: string;
let channelId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  channelId = (await createTestChannel(db, { workspaceId: created.workspace.id })).id;
});

const create = async (content: string) => {
  const res = await callRoute(postsRoute.POST, {
    method: "POST",
    path: "/api/posts",
    token,
    body: { content, channelIds: [channelId] },
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; version: number };
};
const patch = (id: string, body: unknown) =>
  callRoute(postRoute.PATCH, { method: "PATCH", path: `/api/posts/${id}`, token, params: { id }, body });
const row = (id: string) => db.post.findUniqueOrThrow({ where: { id } });

describe("PATCH /api/posts/:id with version (autosave)", () => {
  it("two tabs from one version: the first save wins, the second is 409 and changes nothing", async () => {
    const draft = await create("First words");
    expect(draft.version).toBe(0);
    const tabA = await patch(draft.id, { content: "Tab A's caption", version: 0 });
    expect(tabA.status).toBe(200);
    expect(tabA.json).toMatchObject({ content: "Tab A's caption", status: "DRAFT", version: 1 });

    const tabB = await patch(draft.id, { content: "Tab B's caption", tags: ["b"], version: 0 });
    expect(tabB.status).toBe(409);
    expect(tabB.json.error).toMatchObject({ code: "conflict", details: { reason: "version_changed", version: 1 } });
    expect(await row(draft.id)).toMatchObject({ content: "Tab A's caption", tags: [], version: 1 });

    // Tab B, having reloaded, saves on top of the version it now holds.
    const reloaded = await patch(draft.id, { content: "Tab B's caption", version: 1 });
    expect(reloaded.status).toBe(200);
    expect(await row(draft.id)).toMatchObject({ content: "Tab B's caption", version: 2, status: "DRAFT" });
  });

  it("a version ahead of the post's is refused too; an edit without version still applies", async () => {
    const draft = await create("Hello");
    expect((await patch(draft.id, { content: "from the future", version: 7 })).status).toBe(409);
    expect((await row(draft.id)).content).toBe("Hello");
    const plain = await patch(draft.id, { content: "API client edit" });
    expect(plain.status).toBe(200);
    expect(plain.json.version).toBe(1);
    // The composer that read version 0 now learns of that edit instead of overwriting it.
    expect((await patch(draft.id, { content: "stale tab", version: 0 })).status).toBe(409);
  });

  it("version alone is not an edit (400); a bad version is 400 naming it", async () => {
    const draft = await create("Hello");
    const alone = await patch(draft.id, { version: 0 });
    expect(alone.status).toBe(400);
    for (const version of [-1, 1.5, "0"]) {
      const res = await patch(draft.id, { content: "x", version });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.json.error)).toMatch(/version/);
    }
    expect(await row(draft.id)).toMatchObject({ content: "Hello", version: 0 });
  });

  it("a scheduled post keeps its version and job on a compare-and-set edit; a stale version is 409", async () => {
    const draft = await create("Going out later");
    const scheduled = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${draft.id}/schedule`,
      token,
      params: { id: draft.id },
      body: { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(scheduled.status).toBe(200);
    const version = scheduled.json.version as number;
    expect((await patch(draft.id, { content: "stale", version: version - 1 })).status).toBe(409);
    const ok = await patch(draft.id, { content: "Going out tomorrow", version });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: "SCHEDULED", version, content: "Going out tomorrow" });
    expect(await app.queue().getJob(publishJobId(draft.id, version))).toBeDefined();
  });
});
