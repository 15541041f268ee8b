import { z } from "zod";

/**
 * A Bluesky channel's non-secret settings (Channel.config), written by connectBlueskyAccount: the account's DID and
 * handle, the service the person signed in at (`service`, e.g. https://bsky.social), the PDS that holds the
 * account's repository (`pdsUrl`, from its DID document), its avatar's URL if it has one, and optional `langs`
 * (BCP-47 tags sent as the post record's `langs`, at most 3 per app.bsky.feed.post).
 */
export const blueskyConfigSchema = z.looseObject({
  did: z.string().startsWith("did:"),
  handle: z.string().min(1),
  service: z.string().url(),
  pdsUrl: z.string().url(),
  avatarUrl: z.string().url().nullable().optional(),
  langs: z.array(z.string().min(2).max(64)).max(3).optional(),
});
export type BlueskyConfig = z.infer<typeof blueskyConfigSchema>;

/** The session kept encrypted in Channel.credentialsEnc (com.atproto.server.createSession's answer). */
export const blueskyCredentialsSchema = z.object({
  did: z.string().startsWith("did:"),
  handle: z.string().min(1),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});
export type BlueskyCredentials = z.infer<typeof blueskyCredentialsSchema>;
