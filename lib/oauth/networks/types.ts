import type { Platform } from "@/lib/generated/prisma/enums";

/**
 * Tokens one OAuth 2.0 login gave (RFC 6749 §5.1), as Cadence keeps them inside a channel's encrypted credentials
 * (Channel.credentialsEnc). A network may add its own fields next to these (a page access token, a user id).
 */
export type OAuthTokens = {
  accessToken: string;
  /** Null where the platform gives none (Meta page tokens; LinkedIn apps without programmatic refresh). */
  refreshToken: string | null;
  /** When accessToken stops working, ISO 8601; null: it does not expire (or the platform did not say). */
  expiresAt: string | null;
  /** When refreshToken stops working, ISO 8601; null: unknown or never. */
  refreshExpiresAt?: string | null;
  /** Scopes granted, as the platform returned them (space- or comma-separated, verbatim). */
  scope: string | null;
};

/** The app Cadence is registered as on a platform's developer portal, from the operator's settings (env). */
export type OAuthApp = { clientId: string; clientSecret: string };

/**
 * One account a login can publish as: the X user, a LinkedIn member or an organisation page they administer, a
 * Facebook Page, an Instagram professional account, a Threads profile. Becomes one channel when the person picks it.
 */
export type ConnectableAccount = {
  /** The platform the channel will publish to (one Meta login brings FACEBOOK and INSTAGRAM accounts). */
  platform: Platform;
  /** The platform's stable id of the account (X user id, LinkedIn URN, Page id, IG user id, Threads user id). */
  accountId: string;
  /** How the account is known on the platform: "@handle", a page's name. Shown on the Channels page. */
  accountName: string;
  /** The channel's default name (at most 100 characters). */
  displayName: string;
  avatarUrl: string | null;
  /** What kind of account this is, in the platform's words ("Member", "Organization page", "Facebook Page"). */
  kind: string;
  /** Non-secret settings stored in Channel.config (ids, URNs, handles) — read back by the adapter. */
  config: Record<string, unknown>;
  /** Secrets for Channel.credentialsEnc (encrypted at rest): tokens, a page access token. */
  credentials: Record<string, unknown>;
  /**
   * Why this account cannot be connected (an Instagram personal account, a page without the publish task): it is
   * listed with this reason and cannot be picked. Null or absent: it can be.
   */
  refusal?: string | null;
};

/** Arguments every network call receives. */
export type OAuthCallContext = { app: OAuthApp; signal: AbortSignal };

/**
 * One platform's OAuth 2.0 authorization-code login (RFC 6749 §4.1), as the generic connect flow
 * (POST /api/channels/connect/<platform>, its callback, the account picker) and the token refresher use it.
 * Implementations live next to their adapter (lib/publishing/networks/<network>/oauth.ts) and are listed in
 * lib/oauth/networks/get-oauth-network.ts. Each method's docstring cites the platform page it follows.
 */
export interface OAuthNetwork {
  /** The platform the login is stored under (OAuthAuthorization.platform): Meta's login is FACEBOOK. */
  platform: Platform;
  /** The platforms whose channels this login can create (Meta: FACEBOOK and INSTAGRAM). */
  channelPlatforms: Platform[];
  /** The name people know the login by: "X", "LinkedIn", "Facebook and Instagram", "Threads". */
  label: string;
  /** The env settings holding the app credentials (shown when they are missing), e.g. ["X_CLIENT_ID", …]. */
  settings: string[];
  /** The app credentials from env; null when the operator has not set them (the platform shows "not set up"). */
  app(): OAuthApp | null;
  /** The platform's authorize endpoint (from its base-URL setting, so tests can point it at a stub). */
  authorizeEndpoint(): string;
  /** Scopes to ask for, already joined the way the platform wants them (space or comma). */
  scopes: string;
  /** Whether the platform takes PKCE (RFC 7636 S256) on this flow. */
  pkce: boolean;
  /** Extra query parameters of the authorize URL, if the platform needs any. */
  authorizeParams?: Record<string, string>;
  /** Exchanges the callback's `code` for tokens. Throws OAuthNetworkError with the platform's own message. */
  exchangeCode(args: OAuthCallContext & { code: string; verifier: string; redirectUri: string }): Promise<OAuthTokens>;
  /** Every account this login can publish as (possibly one). Throws OAuthNetworkError. */
  listAccounts(args: OAuthCallContext & { tokens: OAuthTokens }): Promise<ConnectableAccount[]>;
  /**
   * New credentials for a channel whose access token expires soon (or already did), from the channel's current
   * credentials (what listAccounts put there, plus earlier refreshes). Absent: the platform's tokens are refreshed
   * only by reconnecting. A refused refresh throws OAuthNetworkError with refused = true.
   */
  refresh?(args: OAuthCallContext & { credentials: Record<string, unknown> }): Promise<Record<string, unknown>>;
}

/** A platform refused or failed an OAuth step; `message` keeps the platform's own words. */
export class OAuthNetworkError extends Error {
  /** True when the platform refused for good (invalid_grant, revoked): the channel needs reconnecting. */
  readonly refused: boolean;
  readonly httpStatus: number | undefined;
  constructor(message: string, opts: { refused?: boolean; httpStatus?: number } = {}) {
    super(message);
    this.name = "OAuthNetworkError";
    this.refused = opts.refused ?? false;
    this.httpStatus = opts.httpStatus;
  }
}
