import { z } from "zod";
import {
  type ConnectableAccount,
  type OAuthNetwork,
  OAuthNetworkError,
  type OAuthTokens,
} from "@/lib/oauth/networks/types";
import { GraphApiError, graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import { graphErrorMessage } from "@/lib/publishing/networks/meta/map-graph-error";
import { type MetaSettings, metaSettings } from "@/lib/publishing/networks/meta/meta-settings";

/**
 * The permissions Cadence asks for: list and post to the person's Pages and read their engagement, and publish to
 * and read the Instagram professional accounts linked to them
 * (https://developers.facebook.com/docs/permissions; Pages: https://developers.facebook.com/docs/pages-api/overview,
 * Instagram: https://developers.facebook.com/docs/instagram-platform/content-publishing). business_management lets
 * /me/accounts list Pages owned through a business portfolio.
 */
export const META_SCOPES = [
  "pages_show_list",
  "pages_manage_posts",
  "pages_read_engagement",
  "read_insights",
  "instagram_basic",
  "instagram_content_publish",
  "instagram_manage_insights",
  "business_management",
];

/** The Page task needed to publish as the Page (https://developers.facebook.com/docs/pages-api/overview#tasks). */
const PUBLISH_TASK = "CREATE_CONTENT";
/** Pages of /me/accounts read per request, and the most requests made (100 × 20 = 2,000 Pages). */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Seconds; absent for tokens that do not expire. */
  expires_in: z.coerce.number().positive().optional(),
});

const accountsAnswer = z.object({
  data: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().default(""),
      access_token: z.string().optional(),
      tasks: z.array(z.string()).optional(),
      picture: z.object({ data: z.looseObject({ url: z.string().optional() }) }).optional(),
      instagram_business_account: z
        .looseObject({
          id: z.string().min(1),
          username: z.string().optional(),
          name: z.string().optional(),
          profile_picture_url: z.string().optional(),
        })
        .optional(),
    }),
  ),
  paging: z
    .object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() })
    .optional(),
});

export type MetaOAuthOptions = {
  /** Where Meta is (default: the settings, read at each call, so the stubs' env applies). */
  settings?: () => MetaSettings;
  /** How requests leave (default: the outbound guard). */
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
};

const httpUrl = (s: string | undefined) => (s && /^https?:\/\//i.test(s) ? s : null);

function oauthError(err: unknown, step: string): OAuthNetworkError {
  if (err instanceof OAuthNetworkError) return err;
  if (err instanceof GraphApiError) {
    // 100 (an invalid, expired or used code), 190 (a token Meta no longer accepts), 1 on the token endpoint (the app
    // secret refused): the login cannot go on and must start again.
    const refused = err.code === 100 || err.code === 190 || err.code === 102 || err.httpStatus === 401;
    return new OAuthNetworkError(`${step}: ${graphErrorMessage(err)}`, { refused, httpStatus: err.httpStatus });
  }
  if (err instanceof z.ZodError) return new OAuthNetworkError(`${step}: Meta answered in an unexpected shape`);
  return new OAuthNetworkError(`${step}: no answer from Meta (${(err as Error)?.message ?? err})`);
}

/** The connectable accounts one Page of /me/accounts brings: the Page, and its Instagram professional account. */
function accountsOfPage(page: z.infer<typeof accountsAnswer>["data"][number]): ConnectableAccount[] {
  const canPublish = (page.tasks ?? []).includes(PUBLISH_TASK) && !!page.access_token;
  const refusal = canPublish
    ? null
    : `your role on the Page "${page.name}" does not let you create content (Meta's ${PUBLISH_TASK} task): ask an ` +
      "admin of the Page for full control or for content access, then connect again";
  // Page tokens derived from a long-lived user token do not expire, so expiresAt is null:
  // https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived#long-lived-page-token
  const credentials = { accessToken: page.access_token ?? "", refreshToken: null, expiresAt: null, scope: null };
  const name = page.name || page.id;
  const out: ConnectableAccount[] = [
    {
      platform: "FACEBOOK",
      accountId: page.id,
      accountName: name,
      displayName: name.slice(0, 100),
      avatarUrl: httpUrl(page.picture?.data.url),
      kind: "Facebook Page",
      config: { pageId: page.id, accountId: page.id },
      credentials,
      refusal,
    },
  ];
  const ig = page.instagram_business_account;
  if (ig) {
    const handle = ig.username ? `@${ig.username}` : ig.id;
    out.push({
      platform: "INSTAGRAM",
      accountId: ig.id,
      accountName: handle,
      displayName: (ig.name || ig.username || ig.id).slice(0, 100),
      avatarUrl: httpUrl(ig.profile_picture_url),
      kind: "Instagram professional account",
      config: { igUserId: ig.id, accountId: ig.id, pageId: page.id, username: ig.username ?? null },
      credentials,
      // Publishing to Instagram goes through the linked Page's token, with the same task on that Page.
      refusal: canPublish
        ? null
        : `your role on the Facebook Page "${page.name}" linked to ${handle} does not let you create content ` +
          `(Meta's ${PUBLISH_TASK} task): ask an admin of the Page for full control or content access`,
    });
  }
  return out;
}

/**
 * Meta's login (Facebook Login for Business / the manual login flow), stored under FACEBOOK, bringing Facebook
 * Pages and the Instagram professional accounts linked to them.
 * - authorize: {META_AUTH_URL}/{version}/dialog/oauth with client_id, redirect_uri, state, scope (comma-separated),
 *   response_type=code, plus config_id when META_LOGIN_CONFIG_ID is set (Facebook Login for Business configurations
 *   replace the scope list: https://developers.facebook.com/docs/facebook-login/facebook-login-for-business/).
 *   No PKCE on this flow; `state` guards the callback
 *   (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow).
 * - exchangeCode: GET {META_GRAPH_URL}/{version}/oauth/access_token (client_id, client_secret, redirect_uri, code)
 *   for a short-lived user token, then at once GET …/oauth/access_token?grant_type=fb_exchange_token for the
 *   long-lived one (about 60 days: https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
 * - listAccounts: GET /me/accounts (Pages the person has a role on, with each Page's access token and tasks, and its
 *   instagram_business_account: https://developers.facebook.com/docs/graph-api/reference/user/accounts/), paged by
 *   cursor: a FACEBOOK account per Page and an INSTAGRAM account per linked professional account, both holding the
 *   Page's token; a role without CREATE_CONTENT is listed with a refusal. Only professional (business or creator)
 *   Instagram accounts can be linked to a Page, so a personal one never appears here — the README says to switch.
 * - refresh: none. Page tokens obtained with a long-lived user token have no expiry (same page, "Long-lived Page
 *   access token"); they stop working only when the person changes their password, loses the Page role or removes
 *   the app, which Graph answers with code 190 → the channel needs reconnecting.
 * Throws OAuthNetworkError with Meta's message (refused = true for an invalid code or token).
 */
export function createMetaOAuthNetwork({
  settings = metaSettings,
  fetch,
  now = () => new Date(),
}: MetaOAuthOptions = {}): OAuthNetwork {
  const call = <T>(path: string, params: Record<string, string | undefined>, signal: AbortSignal, token?: string) => {
    const s = settings();
    return graphFetch<T>({
      path,
      params,
      accessToken: token,
      appSecret: token ? s.appSecret : undefined,
      signal,
      graphUrl: s.graphUrl,
      version: s.version,
      fetch,
    });
  };

  return {
    platform: "FACEBOOK",
    channelPlatforms: ["FACEBOOK", "INSTAGRAM"],
    label: "Facebook and Instagram",
    settings: ["META_APP_ID", "META_APP_SECRET"],
    app() {
      const s = settings();
      return s.appId && s.appSecret ? { clientId: s.appId, clientSecret: s.appSecret } : null;
    },
    authorizeEndpoint() {
      const s = settings();
      return `${s.authUrl.replace(/\/+$/, "")}/${s.version}/dialog/oauth`;
    },
    scopes: META_SCOPES.join(","),
    pkce: false,
    get authorizeParams() {
      const configId = settings().loginConfigId;
      return { response_type: "code", ...(configId ? { config_id: configId } : {}) };
    },

    async exchangeCode({ app, signal, code, redirectUri }): Promise<OAuthTokens> {
      let short: z.infer<typeof tokenAnswer>;
      try {
        const answer = await call<unknown>(
          "/oauth/access_token",
          { client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: redirectUri, code },
          signal,
        );
        short = tokenAnswer.parse(answer.body);
      } catch (err) {
        throw oauthError(err, "exchanging the login code");
      }
      try {
        const answer = await call<unknown>(
          "/oauth/access_token",
          {
            grant_type: "fb_exchange_token",
            client_id: app.clientId,
            client_secret: app.clientSecret,
            fb_exchange_token: short.access_token,
          },
          signal,
        );
        const long = tokenAnswer.parse(answer.body);
        return {
          accessToken: long.access_token,
          refreshToken: null,
          expiresAt: long.expires_in ? new Date(now().getTime() + long.expires_in * 1000).toISOString() : null,
          scope: null,
        };
      } catch (err) {
        throw oauthError(err, "getting a long-lived token");
      }
    },

    async listAccounts({ signal, tokens }): Promise<ConnectableAccount[]> {
      const fields =
        "id,name,access_token,tasks,picture{url}," + "instagram_business_account{id,username,name,profile_picture_url}";
      const accounts: ConnectableAccount[] = [];
      let after: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        let page: z.infer<typeof accountsAnswer>;
        try {
          const answer = await call<unknown>(
            "/me/accounts",
            { fields, limit: String(PAGE_SIZE), after },
            signal,
            tokens.accessToken,
          );
          page = accountsAnswer.parse(answer.body);
        } catch (err) {
          throw oauthError(err, "listing your Facebook Pages");
        }
        for (const p of page.data) accounts.push(...accountsOfPage(p));
        after = page.paging?.cursors?.after;
        if (!page.paging?.next || !after || page.data.length === 0) break;
      }
      return accounts;
    },
  };
}

/** Meta's login with this process's settings (lib/oauth/networks/get-oauth-network.ts lists it). */
export const metaOAuthNetwork: OAuthNetwork = createMetaOAuthNetwork();
