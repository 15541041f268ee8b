import { z } from "zod";

/**
 * An INSTAGRAM channel's config as the Meta login stores it: the Instagram professional account's IG user id (also
 * as `accountId`), the Facebook Page it is linked to, and its @username.
 */
export const instagramConfigSchema = z.object({
  igUserId: z.string().regex(/^\d{1,30}$/, "an IG user id is digits"),
  pageId: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
});
export type InstagramConfig = z.infer<typeof instagramConfigSchema>;

/** The channel's credentials: the Page access token (Instagram API with Facebook Login); `expiresAt` null: it lasts. */
export const instagramCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.string().nullable().optional(),
});
