import { z } from "zod";

/**
 * App passwords are four groups of four letters/digits (Bluesky → Settings → Privacy and security → App passwords;
 * com.atproto.server.createAppPassword). The account's own password is refused: Cadence never holds it.
 */
const APP_PASSWORD = /^[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}$/;

/** POST /api/channels/connect/bluesky */
export const connectBlueskyBody = z.strictObject({
  /** A handle (`alice.bsky.social`, with or without `@`) or a DID (`did:plc:…`). */
  identifier: z.string().trim().min(3).max(253),
  appPassword: z
    .string()
    .trim()
    .regex(
      APP_PASSWORD,
      "must be an app password (xxxx-xxxx-xxxx-xxxx, made in Bluesky → Settings → Privacy and security → App " +
        "passwords), never the account's own password",
    ),
  /** The server the account signs in at; default: bsky.social, or the PDS its DID document names. */
  service: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  /** Reconnect this existing Bluesky channel (new session, everything else kept) instead of adding one. */
  channelId: z.string().min(1).max(64).optional(),
});
export type ConnectBlueskyInput = z.infer<typeof connectBlueskyBody>;
