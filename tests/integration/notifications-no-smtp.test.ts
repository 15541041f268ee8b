import { describe, expect, it, vi } from "vitest";
import { getEnv } from "@/lib/env";
import { getNotificationPreferences } from "@/lib/notifications/get-notification-preferences";
import { notify } from "@/lib/notifications/notify";
import { isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Without SMTP_URL no notification mail is queued at all (the bell still works), and the preferences say so.
// (The launcher sets SMTP_URL to its Mailpit: unset here before any module reads the settings.)
vi.hoisted(() => {
  delete process.env.SMTP_URL;
});

const { db, createWorkspace, createUser } = setupTestWorkspaces({ app: isolateAppSingletons() });

describe("notifications without SMTP", () => {
  it("writes the in-app row and queues no mail; emailAvailable is false", async () => {
    expect(getEnv().SMTP_URL).toBeUndefined();
    const { workspace } = await createWorkspace({ name: "No Mail Notify" });
    const owner = await createUser({ workspaceIds: [workspace.id] });
    await notify({
      db,
      event: {
        kind: "post.failed",
        workspaceId: workspace.id,
        title: "Failed: “x”",
        recipients: { permission: "posts:schedule" },
      },
    });
    expect(await db.notification.count({ where: { workspaceId: workspace.id, userId: owner.userId } })).toBe(1);
    expect(await db.notificationDelivery.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const prefs = await getNotificationPreferences({ db, workspaceId: workspace.id, userId: owner.userId });
    expect(prefs.emailAvailable).toBe(false);
    expect(prefs.preferences.find((p) => p.kind === "post.failed")).toEqual({
      kind: "post.failed",
      inApp: true,
      email: true,
    });
  });
});
