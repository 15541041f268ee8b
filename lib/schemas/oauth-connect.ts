import { z } from "zod";
import { platformSchema } from "@/lib/schemas/channels";

/** The `platform` segment of /api/channels/connect/<platform>[/callback]: the Platform enum name, lower-cased. */
export const oauthConnectParams = z.object({ platform: z.string().min(1).max(40) });

/** POST /api/channels/connect/<platform>: optionally the channel to reconnect. */
export const oauthConnectBody = z
  .strictObject({ channelId: z.string().min(1).max(64).optional() })
  .optional()
  .transform((b) => b ?? {});

export const oauthConnectResponseSchema = z.object({ authorizeUrl: z.string() });

/**
 * GET /api/channels/connect/<platform>/callback: what the platform appends to the redirect URI — `code` and `state`,
 * or `error` (access_denied when the person declined) with `error_description` (RFC 6749 §4.1.2, §4.1.2.1).
 * Other parameters (Meta's `#_=_`, LinkedIn's extras) are ignored.
 */
export const oauthCallbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
export type OAuthCallbackQuery = z.infer<typeof oauthCallbackQuery>;

/** /api/channels/connect/choices/:id */
export const accountChoiceParams = z.object({ id: z.string().min(1).max(64) });

/** One account of a pending choice, without its secrets. */
export const accountCandidateSchema = z.object({
  platform: platformSchema,
  accountId: z.string(),
  accountName: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  kind: z.string(),
  /** Why it cannot be connected (shown; it cannot be picked); null: it can be. */
  refusal: z.string().nullable(),
  /** This workspace already has a channel of it: picking it refreshes that channel instead of adding one. */
  alreadyConnected: z.boolean(),
});
export type AccountCandidate = z.infer<typeof accountCandidateSchema>;

/** GET /api/channels/connect/choices/:id */
export const accountChoiceResponseSchema = z.object({
  id: z.string(),
  /** The login's platform (Meta's is FACEBOOK) and its name. */
  platform: platformSchema,
  label: z.string(),
  expiresAt: z.string(),
  accounts: z.array(accountCandidateSchema),
});
export type AccountChoiceResponse = z.infer<typeof accountChoiceResponseSchema>;

/** POST /api/channels/connect/choices/:id: the accounts (ConnectableAccount.accountId) to make channels of. */
export const completeAccountChoiceBody = z.strictObject({
  accountIds: z
    .array(z.string().min(1).max(200))
    .min(1, "pick at least one account")
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, "each account at most once"),
});
export type CompleteAccountChoiceInput = z.infer<typeof completeAccountChoiceBody>;

export const completeAccountChoiceResponseSchema = z.object({
  channels: z.array(
    z.object({ id: z.string(), platform: platformSchema, displayName: z.string(), created: z.boolean() }),
  ),
});
export type CompleteAccountChoiceResponse = z.infer<typeof completeAccountChoiceResponseSchema>;
