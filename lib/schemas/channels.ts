import { z } from "zod";
import { HEX_COLOR } from "@/lib/channels/channel-palette";
import { channelState } from "@/lib/channels/channel-state";
import type { Channel } from "@/lib/generated/prisma/client";
import { Platform } from "@/lib/generated/prisma/enums";
import { reportsPublishingQuota } from "@/lib/publishing/networks/get-platform-adapter";
import { channelLimitsSchema } from "@/lib/publishing/rules/channel-limits-schema";
import { boundedJson } from "@/lib/schemas/json-bounds";

export const platformSchema = z.enum(Platform);

export const channelIdParams = z.object({ id: z.string().min(1).max(64) });

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });
// `limits` (per-account or per-server caps the platform lets each one set, lib/publishing/rules/channel-limits.ts)
// is checked on every platform: a bad value is a 400 naming it, not a silently ignored field.
const anyConfig = z.looseObject({ limits: channelLimitsSchema.optional() });
const anyCredentials = z.record(z.string(), z.string());

type Settings = { config: z.ZodType; credentials: z.ZodType; credentialsRequired: boolean };

const webhookSettings: Settings = {
  config: z.strictObject({ url: httpUrl, limits: channelLimitsSchema.optional() }),
  credentials: z.strictObject({ secret: z.string().min(16, "must be at least 16 characters").max(512) }),
  credentialsRequired: true,
};
const sandboxSettings: Settings = { config: anyConfig, credentials: z.never(), credentialsRequired: false };
const laterAdapterSettings: Settings = { config: anyConfig, credentials: anyCredentials, credentialsRequired: false };

/**
 * What each platform needs. WEBHOOK: config { url } and credentials { secret } (signs the body, HMAC-SHA256).
 * SANDBOX: nothing. Other platforms: their adapters come later; credentials are accepted (and encrypted) now.
 */
function settingsFor(platform: Platform): Settings {
  if (platform === "WEBHOOK") return webhookSettings;
  if (platform === "SANDBOX") return sandboxSettings;
  return laterAdapterSettings;
}

export type ChannelSettingsIssue = { path: string; message: string };

/** Checks config/credentials against what `platform` needs; `creating` also requires what must be present. */
export function channelSettingsIssues(
  platform: Platform,
  { config, credentials }: { config?: unknown; credentials?: unknown },
  creating: boolean,
): ChannelSettingsIssue[] {
  const rules = settingsFor(platform);
  const issues: ChannelSettingsIssue[] = [];
  const check = (field: "config" | "credentials", schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const message =
        field === "credentials" && platform === "SANDBOX" ? "sandbox channels take no credentials" : issue.message;
      issues.push({ path: [field, ...issue.path].join("."), message });
    }
  };
  if (config !== undefined || (creating && platform === "WEBHOOK")) check("config", rules.config, config);
  if (credentials !== undefined) check("credentials", rules.credentials, credentials);
  else if (creating && rules.credentialsRequired) issues.push({ path: "credentials", message: "required" });
  return issues;
}

export const createChannelBody = z
  .strictObject({
    platform: platformSchema,
    displayName: z.string().trim().min(1).max(100),
    config: boundedJson.optional(),
    credentials: boundedJson.optional(),
    active: z.boolean().default(true),
  })
  .superRefine((body, ctx) => {
    for (const issue of channelSettingsIssues(body.platform, body, true)) {
      ctx.addIssue({ code: "custom", path: issue.path.split("."), message: issue.message });
    }
  });
export type CreateChannelInput = z.infer<typeof createChannelBody>;

const hexColor = z
  .string()
  .regex(HEX_COLOR, "must be a #rrggbb colour")
  .transform((c) => c.toLowerCase());

export const updateChannelBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    color: hexColor.optional(),
    config: boundedJson.optional(),
    credentials: boundedJson.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "send at least one field to change");
export type UpdateChannelInput = z.infer<typeof updateChannelBody>;

/**
 * Who a connected channel publishes as, as its network reported it at connect time (never from an API body): the
 * account's name with "@" ("@ada.bsky.social", "@ada@mastodon.social"), its avatar URL, and the server it lives on
 * (a Bluesky PDS or a Mastodon server's origin). Written by the connect flows on create and reconnect.
 */
export type ChannelAccount = { accountName: string | null; avatarUrl: string | null; serverUrl: string | null };

/** POST /api/channels/:id/rotate-secret: the old secret keeps signing for `graceHours` (≤ 7 days). */
export const rotateSecretBody = z
  .strictObject({
    graceHours: z.number().min(0).max(168).default(24),
    secret: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  })
  .optional()
  .transform((b) => b ?? { graceHours: 24 });
export type RotateSecretInput = z.infer<typeof rotateSecretBody>;
export type RotateSecretResponse = { secret: string; previousSecretExpiresAt: string | null };

/**
 * What the API shows of a channel: never its credentials, only whether it has some. `state`, `stateReason`,
 * `canPublish`, `cannotPublishReason` come from lib/channels/channel-state.ts; `lastPublishedAt` is the latest
 * SUCCEEDED publication result on it (null: none).
 */
export const channelResponseSchema = z.object({
  id: z.string(),
  platform: platformSchema,
  displayName: z.string(),
  config: z.record(z.string(), z.unknown()),
  active: z.boolean(),
  hasCredentials: z.boolean(),
  sandbox: z.boolean(),
  accountName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  serverUrl: z.string().nullable(),
  color: z.string(),
  state: z.enum(["connected", "needs_reconnect", "disabled"]),
  stateReason: z.string().nullable(),
  needsReconnectAt: z.string().nullable(),
  canPublish: z.boolean(),
  cannotPublishReason: z.string().nullable(),
  /** The platform states a per-account publishing quota: GET /api/channels/:id/quota reads it. */
  reportsQuota: z.boolean(),
  lastPublishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelResponse = z.infer<typeof channelResponseSchema>;

/** The channel as the API shows it; `lastPublishedAt` as read by lib/channels/find-last-published.ts. */
export function toChannelResponse(channel: Channel, lastPublishedAt: Date | null = null): ChannelResponse {
  return channelResponseSchema.parse({
    id: channel.id,
    platform: channel.platform,
    displayName: channel.displayName,
    config:
      channel.config && typeof channel.config === "object" && !Array.isArray(channel.config) ? channel.config : {},
    active: channel.active,
    hasCredentials: channel.credentialsEnc !== null,
    sandbox: channel.platform === "SANDBOX",
    accountName: channel.accountName,
    avatarUrl: channel.avatarUrl,
    serverUrl: channel.serverUrl,
    color: channel.color,
    ...channelState(channel),
    reportsQuota: reportsPublishingQuota(channel.platform),
    needsReconnectAt: channel.needsReconnectAt?.toISOString() ?? null,
    lastPublishedAt: lastPublishedAt?.toISOString() ?? null,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  });
}

/** A scheduled post that a channel's deletion or deactivation changed. */
export const affectedPostSchema = z.object({
  id: z.string(),
  scheduledAt: z.string().nullable(),
  /** SCHEDULED: still goes out, on `remainingChannelIds`; DRAFT: no active channel was left (see draftReason). */
  status: z.enum(["SCHEDULED", "IN_REVIEW", "DRAFT"]),
  remainingChannelIds: z.array(z.string()),
  draftReason: z.string().nullable(),
});
export type AffectedPost = z.infer<typeof affectedPostSchema>;

/** PATCH /api/channels/:id: the channel, and the scheduled posts a deactivation changed (else []). */
export const channelUpdateResponseSchema = channelResponseSchema.extend({ affectedPosts: z.array(affectedPostSchema) });
export type ChannelUpdateResponse = z.infer<typeof channelUpdateResponseSchema>;

/** DELETE /api/channels/:id. historyKept: publications went out on it, so it stays (hidden) for their results. */
export const channelDeleteResponseSchema = z.object({
  id: z.string(),
  deleted: z.literal(true),
  historyKept: z.boolean(),
  affectedPosts: z.array(affectedPostSchema),
});
export type ChannelDeleteResponse = z.infer<typeof channelDeleteResponseSchema>;
