import { z } from "zod";

/**
 * A Mastodon channel's `config` (non-secret; the token is in the encrypted credentials as `{ accessToken }`):
 *
 * - `serverUrl`, `accountId`, `acct`, `avatarUrl`: the account, written at connect
 *   (GET /api/v1/accounts/verify_credentials: https://docs.joinmastodon.org/methods/accounts/#verify_credentials).
 * - `serverVersion`, `serverSourceUrl`: the server's `version` and `source_url` (GET /api/v2/instance), which tell
 *   whether it honours `Idempotency-Key` (mastodonHonoursIdempotencyKey).
 * - `limits`: that server's caps (lib/publishing/rules/channel-limits.ts), `supportedMimeTypes` the media types it takes.
 * - Set by the person (PATCH /api/channels/:id): `visibility` ("public" | "unlisted" | "private" | "direct";
 *   absent: the account's default), `spoilerText` (a content warning put on every status; absent: none),
 *   `language` (ISO 639-1, e.g. "en"; absent: the server guesses). Source:
 *   https://docs.joinmastodon.org/methods/statuses/#create.
 */
export const mastodonConfigSchema = z.looseObject({
  serverUrl: z.url({ protocol: /^https?$/ }),
  accountId: z.string().min(1),
  acct: z.string().optional(),
  avatarUrl: z.string().nullable().optional(),
  serverVersion: z.string().optional(),
  serverSourceUrl: z.string().nullable().optional(),
  visibility: z.enum(["public", "unlisted", "private", "direct"]).optional(),
  spoilerText: z.string().max(1000).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, "an ISO 639 code such as en")
    .optional(),
});
export type MastodonConfig = z.infer<typeof mastodonConfigSchema>;

/** The channel's credentials as stored (encrypted): the OAuth access token and what it was granted. */
export const mastodonCredentialsSchema = z.looseObject({
  accessToken: z.string().min(1),
  scope: z.string().optional(),
});

/** Servers of Mastodon's API that are known not to be Mastodon itself (and so may ignore `Idempotency-Key`). */
const NOT_MASTODON =
  /gotosocial|pleroma|akkoma|misskey|firefish|sharkey|iceshrimp|friendica|pixelfed|snac|takahe|hometown|wafrn/i;

/**
 * True only for Mastodon proper (and its forks that keep its code, e.g. glitch-soc), which drops a repeated
 * `POST /api/v1/statuses` carrying the same `Idempotency-Key` for an hour (https://docs.joinmastodon.org/methods/statuses/#create,
 * "Idempotency-Key"). Known from the instance's `source_url` (a GitHub repository named `mastodon`) and a `version`
 * naming no other software. GoToSocial ignores the header (seen with v0.19.2), so anything not positively Mastodon
 * counts as not honouring it.
 */
export function mastodonHonoursIdempotencyKey(config: Pick<MastodonConfig, "serverVersion" | "serverSourceUrl">) {
  const version = config.serverVersion ?? "";
  const source = config.serverSourceUrl ?? "";
  if (NOT_MASTODON.test(version) || NOT_MASTODON.test(source)) return false;
  return /^https:\/\/github\.com\/[^/]+\/mastodon\/?$/i.test(source);
}
