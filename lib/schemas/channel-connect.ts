import { z } from "zod";

/** POST /api/channels/connect/mastodon: the server to connect to and, for a reconnect, the channel. */
export const mastodonConnectBody = z.strictObject({
  serverUrl: z.string().trim().min(1).max(300),
  channelId: z.string().min(1).max(64).optional(),
});

export const mastodonConnectResponseSchema = z.object({ authorizeUrl: z.string() });

/**
 * GET /api/channels/connect/mastodon/callback: what the server appends to the redirect URI — `code` and `state`, or
 * `error` (e.g. access_denied) and `error_description` (RFC 6749 §4.1.2, §4.1.2.1). Other parameters are ignored.
 */
export const mastodonCallbackQuery = z.looseObject({
  code: z.string().max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
export type MastodonCallbackQuery = z.infer<typeof mastodonCallbackQuery>;
