import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import {
  type ConnectableAccount,
  type OAuthApp,
  type OAuthNetwork,
  OAuthNetworkError,
  type OAuthTokens,
} from "@/lib/oauth/networks/types";
import { callLinkedIn, LinkedInHttpError } from "@/lib/publishing/networks/linkedin/linkedin-api";

const log = logger("oauth:linkedin");

/**
 * What Cadence asks LinkedIn for (https://learn.microsoft.com/en-us/linkedin/shared/authentication/getting-access):
 * `openid profile` (Sign In with LinkedIn using OpenID Connect: /v2/userinfo, the member's id, name and picture),
 * `w_member_social` (Share on LinkedIn: post as the member), and from the Community Management API
 * `w_organization_social` (post as a page), `r_organization_social` (read the page's posts: finding a post after a
 * lost answer, likes and comments), `r_organization_admin` (the pages the member administers, their statistics).
 */
export const LINKEDIN_SCOPES =
  "openid profile w_member_social w_organization_social r_organization_social r_organization_admin";

type TokenAnswer = {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
};

type Acl = { organization?: string; organizationalTarget?: string; role?: string; state?: string };
type Organization = { id?: number; localizedName?: string; vanityName?: string };

const iso = (now: number, seconds: unknown) =>
  typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0
    ? new Date(now + seconds * 1000).toISOString()
    : null;

export interface LinkedInOAuthOptions {
  /** How every request leaves; default: the outbound guard. */
  fetch?: typeof globalThis.fetch;
  /** LINKEDIN_AUTH_URL by default (read at each call). */
  authUrl?: () => string;
  /** LINKEDIN_API_URL by default (read at each call). */
  apiUrl?: () => string;
  /** The app credentials; default: LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET (null when either is unset). */
  app?: () => OAuthApp | null;
  now?: () => Date;
}

/**
 * LinkedIn's 3-legged OAuth 2.0 (authorization code:
 * https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow): the browser goes to
 * LINKEDIN_AUTH_URL/oauth/v2/authorization; the code is exchanged at /oauth/v2/accessToken with the client secret.
 * Access tokens live 60 days; apps LinkedIn enabled for programmatic refresh also get a refresh token (365 days,
 * not renewed by refreshing: https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens),
 * others must reconnect when the access token expires. One login lists the member and every organisation page the
 * member administers (oauth.ts listAccounts).
 */
export function createLinkedInOAuthNetwork({
  fetch = createGuardedFetch(),
  authUrl = () => getEnv().LINKEDIN_AUTH_URL,
  apiUrl = () => getEnv().LINKEDIN_API_URL,
  app = appFromEnv,
  now = () => new Date(),
}: LinkedInOAuthOptions = {}): OAuthNetwork {
  async function token(form: Record<string, string>, signal: AbortSignal, what: string): Promise<TokenAnswer> {
    let res: Response;
    try {
      res = await fetch(`${authUrl().replace(/\/$/, "")}/oauth/v2/accessToken`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]),
      });
    } catch (err) {
      throw new OAuthNetworkError(`${what}: LinkedIn did not answer (${(err as Error).message})`);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    if (!res.ok) {
      const said = [body.error, body.error_description].filter((s) => typeof s === "string").join(": ");
      // 400/401 from the token endpoint: the code or refresh token is invalid, expired or revoked (RFC 6749 §5.2).
      throw new OAuthNetworkError(`${what}: ${sanitiseExcerpt(said || `HTTP ${res.status}`, { max: 300 })}`, {
        refused: res.status === 400 || res.status === 401,
        httpStatus: res.status,
      });
    }
    if (typeof body.access_token !== "string" || body.access_token === "") {
      throw new OAuthNetworkError(`${what}: LinkedIn's answer had no access_token`, { httpStatus: res.status });
    }
    return body as TokenAnswer;
  }

  const tokensOf = (answer: TokenAnswer, at: number, previousRefresh: string | null = null): OAuthTokens => ({
    accessToken: answer.access_token as string,
    refreshToken: answer.refresh_token ?? previousRefresh,
    expiresAt: iso(at, answer.expires_in),
    refreshExpiresAt: iso(at, answer.refresh_token_expires_in),
    scope: answer.scope ?? null,
  });

  async function get<T>(accessToken: string, path: string, query: string | undefined, signal: AbortSignal) {
    return callLinkedIn<T>({
      fetch,
      apiUrl: apiUrl(),
      accessToken,
      path,
      query,
      signal,
      versioned: path.startsWith("/rest/"),
    });
  }

  return {
    platform: "LINKEDIN",
    channelPlatforms: ["LINKEDIN"],
    label: "LinkedIn",
    settings: ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"],
    app,
    authorizeEndpoint: () => `${authUrl().replace(/\/$/, "")}/oauth/v2/authorization`,
    scopes: LINKEDIN_SCOPES,
    // LinkedIn documents PKCE only for native (mobile/desktop) clients, on apps LinkedIn enables for it
    // ("Native PKCE": https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow-native);
    // the web flow Cadence uses is a confidential client authenticated by its client secret at the token endpoint,
    // with `state` against CSRF. Sending a code_challenge to an app not enabled for PKCE is not part of that flow.
    pkce: false,

    /** POST /oauth/v2/accessToken grant_type=authorization_code (authorization-code-flow, step 3). */
    async exchangeCode({ app, code, redirectUri, signal }) {
      const at = now().getTime();
      const answer = await token(
        {
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        },
        signal,
        "exchanging the authorization code",
      );
      return tokensOf(answer, at);
    },

    /**
     * The member (GET /v2/userinfo → sub, name, picture:
     * https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2) and each
     * organisation page they administer (GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED,
     * then GET /rest/organizations?ids=List(…) for the names:
     * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role,
     * .../organizations/organization-lookup-api). An app without the Community Management API (403 on the ACLs)
     * lists the member alone; a 403 on the names lists the pages as "Organization <id>". Throws OAuthNetworkError
     * with LinkedIn's message.
     */
    async listAccounts({ tokens, signal }) {
      const credentials = { ...tokens };
      let member: { sub?: string; name?: string; given_name?: string; family_name?: string; picture?: string };
      try {
        member = (await get<typeof member>(tokens.accessToken, "/v2/userinfo", undefined, signal)).json ?? {};
      } catch (err) {
        throw asOAuthError(err, "reading the member's profile");
      }
      if (!member.sub) throw new OAuthNetworkError("LinkedIn's userinfo answer had no member id (sub)");
      const memberName = member.name || [member.given_name, member.family_name].filter(Boolean).join(" ") || member.sub;
      const memberUrn = `urn:li:person:${member.sub}`;
      const accounts: ConnectableAccount[] = [
        {
          platform: "LINKEDIN",
          accountId: memberUrn,
          accountName: memberName,
          displayName: memberName.slice(0, 100),
          avatarUrl: httpUrlOrNull(member.picture ?? null),
          kind: "Member",
          config: { authorUrn: memberUrn, kind: "member", name: memberName },
          credentials,
        },
      ];

      let acls: Acl[];
      try {
        const answer = await get<{ elements?: Acl[] }>(
          tokens.accessToken,
          "/rest/organizationAcls",
          "q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=100",
          signal,
        );
        acls = answer.json?.elements ?? [];
      } catch (err) {
        if (err instanceof LinkedInHttpError && err.status === 403) {
          log.info({ err: err.message }, "no organisation access (403): listing the member only");
          return accounts;
        }
        throw asOAuthError(err, "listing the pages the member administers");
      }
      const ids = [
        ...new Set(
          acls
            .filter((a) => (a.role ?? "ADMINISTRATOR") === "ADMINISTRATOR" && (a.state ?? "APPROVED") === "APPROVED")
            .map((a) => /^urn:li:organization:(\d+)$/.exec(a.organization ?? a.organizationalTarget ?? "")?.[1])
            .filter((id): id is string => id !== undefined),
        ),
      ];
      if (ids.length === 0) return accounts;
      let results: Record<string, Organization> = {};
      try {
        const answer = await get<{ results?: Record<string, Organization> }>(
          tokens.accessToken,
          "/rest/organizations",
          `ids=List(${ids.join(",")})`,
          signal,
        );
        results = answer.json?.results ?? {};
      } catch (err) {
        // The lookup documents rw_organization_admin; with less the pages are still listed, by their ids.
        if (!(err instanceof LinkedInHttpError && err.status === 403))
          throw asOAuthError(err, "reading the pages' names");
        log.info({ err: err.message }, "page names not readable (403): listing the pages by id");
      }
      for (const id of ids) {
        const org = results[id] ?? {};
        const name = org.localizedName || org.vanityName || `Organization ${id}`;
        const urn = `urn:li:organization:${id}`;
        accounts.push({
          platform: "LINKEDIN",
          accountId: urn,
          accountName: name,
          displayName: name.slice(0, 100),
          avatarUrl: null,
          kind: "Organization page",
          config: { authorUrn: urn, kind: "organization", name },
          credentials,
        });
      }
      return accounts;
    },

    /**
     * POST /oauth/v2/accessToken grant_type=refresh_token (programmatic-refresh-tokens). LinkedIn returns the same
     * refresh token with its remaining lifetime. No refresh token stored (the app is not enabled for programmatic
     * refresh) → refused: the person reconnects.
     */
    async refresh({ app, credentials, signal }) {
      const refreshToken = typeof credentials.refreshToken === "string" ? credentials.refreshToken : "";
      if (!refreshToken) {
        throw new OAuthNetworkError(
          "LinkedIn gave this app no refresh token (programmatic refresh is not enabled): reconnect the account",
          { refused: true },
        );
      }
      const at = now().getTime();
      const answer = await token(
        {
          grant_type: "refresh_token",
          refresh_token: refreshToken,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        },
        signal,
        "renewing the access token",
      );
      const fresh = tokensOf(answer, at, refreshToken);
      return {
        ...credentials,
        ...fresh,
        refreshExpiresAt: fresh.refreshExpiresAt ?? (credentials.refreshExpiresAt as string | null | undefined) ?? null,
      };
    },
  };
}

function appFromEnv(): OAuthApp | null {
  const env = getEnv();
  if (!env.LINKEDIN_CLIENT_ID || !env.LINKEDIN_CLIENT_SECRET) return null;
  return { clientId: env.LINKEDIN_CLIENT_ID, clientSecret: env.LINKEDIN_CLIENT_SECRET };
}

function asOAuthError(err: unknown, what: string): OAuthNetworkError {
  if (err instanceof LinkedInHttpError) {
    return new OAuthNetworkError(`${what}: ${err.message}`, { refused: err.status === 401, httpStatus: err.status });
  }
  return new OAuthNetworkError(`${what}: LinkedIn did not answer (${(err as Error).message})`);
}

/** LinkedIn's login, with the process's settings and outbound policy. */
export const linkedinOAuthNetwork: OAuthNetwork = createLinkedInOAuthNetwork();
