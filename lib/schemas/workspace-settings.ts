import { z } from "zod";
import { timezoneSchema } from "@/lib/schemas/scheduling";

// Settings → Workspace and API tokens (issue 12): the bodies of /api/workspace, /api/workspaces and
// /api/workspace/tokens, and what they answer.

const workspaceName = z.string().trim().min(1, "must not be empty").max(100);
export const weekStartSchema = z.enum(["monday", "sunday"]);
export type WeekStartName = z.infer<typeof weekStartSchema>;

/** GET /api/workspace */
export const workspaceSettingsView = z.object({
  id: z.string(),
  name: z.string(),
  /** IANA zone: the calendar's, the composer's and the heatmap's default. */
  timezone: z.string(),
  /** The calendar's first day of the week. */
  weekStart: weekStartSchema,
  /** Channels the composer preselects for a new post (existing channels of this workspace only). */
  defaultChannelIds: z.array(z.string()),
  /** "Posts by Editors need approval": posts of members without posts:approve go IN_REVIEW (README "Approvals"). */
  approvalsRequired: z.boolean(),
});
export type WorkspaceSettingsView = z.infer<typeof workspaceSettingsView>;

/**
 * PATCH /api/workspace – any of the fields, at least one. A time-zone change keeps every scheduled instant.
 * `defaultChannelIds` must be this workspace's channels (else 422 naming them).
 */
export const updateWorkspaceBody = z
  .strictObject({
    name: workspaceName.optional(),
    timezone: timezoneSchema.optional(),
    weekStart: weekStartSchema.optional(),
    defaultChannelIds: z.array(z.string().min(1).max(64)).max(100).optional(),
    approvalsRequired: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: "send at least one of name, timezone, weekStart, defaultChannelIds, approvalsRequired",
  });
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceBody>;

/** POST /api/workspaces – a new workspace; the caller becomes its owner and switches to it. */
export const createWorkspaceBody = z.strictObject({
  name: workspaceName,
  timezone: timezoneSchema.default("UTC"),
});

export const apiTokenScopeSchema = z.enum(["read", "write"]);

/** POST /api/workspace/tokens – `scope` "read" (GET only) or "write" (read and write). */
export const createApiTokenBody = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(100),
  scope: apiTokenScopeSchema,
});

export const apiTokenIdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** One row of GET /api/workspace/tokens: never the token or its hash. */
export const apiTokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: apiTokenScopeSchema,
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenView>;
