import { beforeEach, describe, expect, it, vi } from "vitest";
import * as reviewRoute from "@/app/api/posts/[id]/review/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import type { NotificationEvent } from "@/lib/notifications/types";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces, type TestMember } from "@/tests/helpers/test-workspaces";

// What approvals hand to notify() (lib/notifications/notify.ts, the notifications work's contract): the events, their
// recipients and actor. notify() itself (delivery, preferences, email) is tested with its own code; here it is
// replaced by a recorder so the events can be read, everything else is real (PostgreSQL, Redis, the routes).

const sent: NotificationEvent[] = [];
vi.mock("@/lib/notifications/notify", () => ({
  notify: async ({ event }: { event: NotificationEvent }) => {
    sent.push(event);
  },
}));

const app = isolateAppSingletons();
const { createWorkspace, createMember } = setupTestWorkspaces({ app, obliterateQueue: true });
let workspaceId: string, channelId: string;
let editor: TestMember;
let approver: TestMember;

beforeEach(async () => {
  sent.length = 0;
  ({ workspaceId, channelId } = await createWorkspace({ approvalsRequired: true }, [{}]));
  editor = await createMember({ workspaceId, role: "EDITOR" });
  approver = await createMember({ workspaceId, role: "APPROVER" });
});

const at = () => new Date(Date.now() + 5 * 3_600_000).toISOString();

describe("approval notifications", () => {
  it("a submission asks everyone with posts:approve; each decision tells the author, with the comment", async () => {
    const created = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      body: {
        content: "Spring  sale\nstarts Monday with 20% off every single item in the shop",
        channelIds: [channelId],
        scheduledAt: at(),
      },
      headers: editor.headers,
    });
    expect(created.json.status).toBe("IN_REVIEW");
    const id = created.json.id as string;
    expect(sent).toEqual([
      {
        kind: "approval.requested",
        workspaceId,
        postId: id,
        title: "Approval requested: “Spring sale starts Monday with 20% off e…”",
        actorUserId: editor.userId,
        recipients: { permission: "posts:approve" },
      },
    ]);

    const review = (body: unknown) =>
      callRoute(reviewRoute.POST, {
        method: "POST",
        path: `/api/posts/${id}/review`,
        params: { id },
        body,
        headers: approver.headers,
      });
    expect((await review({ decision: "request_changes", version: 1, comment: "Say which items" })).status).toBe(200);
    expect(sent[1]).toEqual({
      kind: "approval.decided",
      workspaceId,
      postId: id,
      title: "Changes requested on “Spring sale starts Monday with 20% off e…”",
      body: "Say which items",
      actorUserId: approver.userId,
      recipients: { userIds: [editor.userId] },
    });

    // An edit of a draft notifies nobody; resubmitting asks again; approving tells the author.
    await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${id}`,
      params: { id },
      body: { content: "Sale" },
      headers: editor.headers,
    });
    expect(sent).toHaveLength(2);
    const again = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      body: { content: "x", channelIds: [channelId] },
      headers: editor.headers,
    });
    expect(again.status).toBe(201); // a draft without a time: no review, no notification
    expect(sent).toHaveLength(2);
    const resubmitted = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${id}/schedule`,
      params: { id },
      body: { scheduledAt: at() },
      headers: editor.headers,
    });
    expect(resubmitted.json.status).toBe("IN_REVIEW");
    expect(sent[2]).toMatchObject({ kind: "approval.requested", title: "Approval requested: “Sale”" });
    expect((await review({ decision: "approve", version: resubmitted.json.version })).status).toBe(200);
    expect(sent[3]).toEqual({
      kind: "approval.decided",
      workspaceId,
      postId: id,
      title: "Approved: “Sale”",
      body: null,
      actorUserId: approver.userId,
      recipients: { userIds: [editor.userId] },
    });
    expect(sent).toHaveLength(4);
  });
});
