import { z } from "zod";
import { getEnv } from "@/lib/env";
import type { OAuthApp } from "@/lib/oauth/networks/types";

/** Channel.config of an X channel (non-secret, from GET /2/users/me when it was connected). */
export const xConfigSchema = z.object({
  /** The X user id (a numeric string). */
  userId: z.string().regex(/^\d{1,25}$/),
  /** The @handle without "@", for "View" links (https://x.com/<username>/status/<id>). */
  username: z.string().min(1).max(50),
});
export type XConfig = z.infer<typeof xConfigSchema>;

/** Channel.credentialsEnc of an X channel: OAuth 2.0 user tokens (OAuthTokens). */
export const xCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable().optional(),
  expiresAt: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
});
export type XCredentials = z.infer<typeof xCredentialsSchema>;

/** Where Cadence talks to X and as which app: X_API_URL, X_AUTH_URL and the app credentials (null when unset). */
export type XSettings = { apiUrl: string; authUrl: string; app: OAuthApp | null };

/** The X settings from env (lib/env.ts). */
export function xSettingsFromEnv(): XSettings {
  const env = getEnv();
  const app =
    env.X_CLIENT_ID && env.X_CLIENT_SECRET ? { clientId: env.X_CLIENT_ID, clientSecret: env.X_CLIENT_SECRET } : null;
  return { apiUrl: env.X_API_URL, authUrl: env.X_AUTH_URL, app };
}
