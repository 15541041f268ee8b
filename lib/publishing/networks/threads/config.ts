import { z } from "zod";

/** A Threads user id: a numeric string (https://developers.facebook.com/docs/threads/threads-profiles). */
const threadsId = z.string().regex(/^\d{1,30}$/, "a numeric Threads id");

/** What a THREADS channel keeps in Channel.config (not secret): the profile it publishes as. */
export const threadsConfigSchema = z.object({
  userId: threadsId,
  username: z.string().min(1).max(100).optional(),
});
export type ThreadsConfig = z.infer<typeof threadsConfigSchema>;

/**
 * What a THREADS channel keeps encrypted (Channel.credentialsEnc): the long-lived user access token (60 days,
 * renewed with GET /refresh_access_token: https://developers.facebook.com/docs/threads/get-started/long-lived-tokens)
 * and when it expires (ISO 8601; lib/oauth/ensure-fresh-credentials.ts renews it ahead of that).
 */
export const threadsCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.string().nullable().optional(),
  refreshToken: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
});
export type ThreadsCredentials = z.infer<typeof threadsCredentialsSchema>;
