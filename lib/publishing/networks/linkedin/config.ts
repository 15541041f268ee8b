import { z } from "zod";

/** A LinkedIn author: a member (urn:li:person:<id>) or an organisation page (urn:li:organization:<id>). */
export const linkedinAuthorUrn = z.string().regex(/^urn:li:(person|organization):[A-Za-z0-9_-]+$/);

/**
 * Channel.config of a LinkedIn channel, as listAccounts (oauth.ts) stores it: `authorUrn`, the member or page the
 * channel posts as; `kind`, "member" or "organization"; `name`, how LinkedIn shows it.
 */
export const linkedinConfigSchema = z.object({
  authorUrn: linkedinAuthorUrn,
  kind: z.enum(["member", "organization"]).optional(),
  name: z.string().optional(),
});
export type LinkedInConfig = z.infer<typeof linkedinConfigSchema>;

/** Channel credentials (OAuthTokens, lib/oauth/networks/types.ts): the member's access token and refresh token. */
export const linkedinCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable().optional(),
  expiresAt: z.string().nullable().optional(),
  refreshExpiresAt: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
});
export type LinkedInCredentials = z.infer<typeof linkedinCredentialsSchema>;

/** True when `authorUrn` is an organisation page. */
export const isOrganization = (authorUrn: string) => authorUrn.startsWith("urn:li:organization:");
