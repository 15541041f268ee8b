import { randomBytes } from "node:crypto";
import { consentPage, type StubRequest, type StubResponse, type StubRoute } from "./stub-server";

// A LinkedIn stub written from LinkedIn's documented contracts (no emulator exists). Each route follows:
// - GET  /oauth/v2/authorization, POST /oauth/v2/accessToken (authorization code; refresh_token grant):
//   https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
//   https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens
//   (access tokens 60 days = 5184000 s; refresh tokens 365 days, the same one returned by a refresh with its
//   remaining lifetime; errors {error, error_description} with HTTP 400/401)
// - GET  /v2/userinfo (non-versioned; sub, name, given_name, family_name, picture, locale):
//   https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
// - GET  /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED:
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
// - GET  /rest/organizations?ids=List(…) (batch get: {results, statuses, errors}):
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
// - POST /rest/images?action=initializeUpload, then PUT <uploadUrl> (bytes; 201):
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
// - POST /rest/posts (201, the URN in x-restli-id, empty body), GET /rest/posts?q=author&author=…&sortBy=…:
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
//   (content.media / content.multiImage: .../shares/multiimage-post-api; content.article)
// - GET  /rest/socialActions/{urn}:
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/network-update-social-actions
// - GET  /rest/organizationalEntityShareStatistics?q=organizationalEntity&…&shares=List(…):
//   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
// Every /rest/ call needs `LinkedIn-Version` (missing: 400 VERSION_MISSING; not active: 426 NONEXISTENT_VERSION:
// https://learn.microsoft.com/en-us/linkedin/marketing/versioning) and a valid bearer token (401
// INVALID_ACCESS_TOKEN / EXPIRED_ACCESS_TOKEN); permissions missing from the token's scopes answer 403 ACCESS_DENIED.
// Error bodies are {status, serviceErrorCode, code, message}:
// https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling

export type LinkedInStubMember = { sub: string; givenName: string; familyName: string; picture: string | null };
export type LinkedInStubOrganization = { id: number; localizedName: string; vanityName: string };
export type LinkedInStubPost = {
  id: string;
  author: string;
  commentary: string;
  visibility: string;
  distribution: unknown;
  lifecycleState: string;
  isReshareDisabledByAuthor?: boolean;
  content?: Record<string, unknown>;
  createdAt: number;
  lastModifiedAt: number;
  publishedAt: number;
};
export type LinkedInStubImage = {
  urn: string;
  owner: string;
  status: "WAITING_UPLOAD" | "AVAILABLE";
  bytes: Buffer | null;
};
export type LinkedInStubToken = { scope: string; expiresAt: number; revoked?: boolean };

/** Versions the stub treats as active (monthly releases, each supported for a year: versioning page). */
export const LINKEDIN_STUB_ACTIVE_VERSIONS = new Set([
  "202512",
  "202601",
  "202602",
  "202603",
  "202604",
  "202605",
  "202606",
  "202607",
  "202608",
  "202609",
  "202610",
  "202611",
]);

export const LINKEDIN_STUB_CLIENT = { clientId: "stub-linkedin-client", clientSecret: "stub-linkedin-secret" };

export type LinkedInStubState = {
  member: LinkedInStubMember;
  /** Pages the member administers (APPROVED ADMINISTRATOR ACLs). */
  administered: LinkedInStubOrganization[];
  /** Whether the app has programmatic refresh (token answers carry refresh_token). */
  programmaticRefresh: boolean;
  codes: Map<string, { redirectUri: string; scope: string; clientId: string }>;
  accessTokens: Map<string, LinkedInStubToken>;
  refreshTokens: Map<string, { scope: string; expiresAt: number }>;
  images: Map<string, LinkedInStubImage>;
  uploads: Map<string, string>;
  posts: LinkedInStubPost[];
  /** Counters the statistics routes report, by post URN (tests set them). */
  stats: Map<
    string,
    {
      impressions: number;
      uniqueImpressions: number;
      clicks: number;
      likes: number;
      comments: number;
      shares: number;
    }
  >;
  /** Issues an access token with `scope` directly (tests that skip the consent page). */
  issueToken(scope?: string, ttlSeconds?: number): string;
  now(): number;
};

export const LINKEDIN_STUB_ALL_SCOPES =
  "openid profile w_member_social w_organization_social r_organization_social r_organization_admin";

const ACCESS_TTL_S = 5_184_000;
const REFRESH_TTL_S = 31_536_000;

const restliError = (status: number, code: string, message: string, serviceErrorCode = 0): StubResponse => ({
  status,
  json: { status, serviceErrorCode, code, message },
});

const oauthError = (status: number, error: string, description: string): StubResponse => ({
  status,
  json: { error, error_description: description },
});

/** Bytes LinkedIn's Images API takes: JPG, GIF, PNG (by their signatures). */
function isImage(bytes: Buffer): boolean {
  if (bytes.length < 4) return false;
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return true;
  if (bytes.subarray(0, 4).toString("latin1") === "\x89PNG") return true;
  return bytes.subarray(0, 3).toString("latin1") === "GIF";
}

/**
 * A fresh LinkedIn stub: its routes and its state (member, administered pages, tokens, images, posts, statistics).
 * The e2e run and the integration tests use the same factory.
 */
export function createLinkedInStub(
  opts: {
    member?: LinkedInStubMember;
    administered?: LinkedInStubOrganization[];
    programmaticRefresh?: boolean;
    now?: () => number;
  } = {},
): { routes: StubRoute[]; state: LinkedInStubState } {
  let serial = 7_300_000_000_000_000_000n;
  const next = () => {
    serial += 1n;
    return serial.toString();
  };
  const state: LinkedInStubState = {
    member: opts.member ?? { sub: "782bbtaQ", givenName: "Ada", familyName: "Lovelace", picture: null },
    administered: opts.administered ?? [
      { id: 2414183, localizedName: "Devtestco", vanityName: "devtestco" },
      { id: 5515715, localizedName: "Acme Corp", vanityName: "acme-corp" },
    ],
    programmaticRefresh: opts.programmaticRefresh ?? true,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    images: new Map(),
    uploads: new Map(),
    posts: [],
    stats: new Map(),
    now: opts.now ?? (() => Date.now()),
    issueToken(scope = LINKEDIN_STUB_ALL_SCOPES, ttlSeconds = ACCESS_TTL_S) {
      const token = `AQ${randomBytes(24).toString("base64url")}`;
      state.accessTokens.set(token, { scope, expiresAt: state.now() + ttlSeconds * 1000 });
      return token;
    },
  };
  const memberUrn = () => `urn:li:person:${state.member.sub}`;
  const isAdmin = (urn: string) => state.administered.some((o) => `urn:li:organization:${o.id}` === urn);

  /** The bearer token's record, or the documented 401. */
  function authorize(req: StubRequest): { token: LinkedInStubToken } | { fail: StubResponse } {
    const header = String(req.headers.authorization ?? "");
    const token = header.startsWith("Bearer ") ? state.accessTokens.get(header.slice(7)) : undefined;
    if (!token || token.revoked) {
      return { fail: restliError(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600) };
    }
    if (token.expiresAt <= state.now()) {
      return { fail: restliError(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65601) };
    }
    return { token };
  }

  /** Checks a versioned call's headers and token; returns the token or the documented failure. */
  function versioned(req: StubRequest): { token: LinkedInStubToken } | { fail: StubResponse } {
    const version = req.headers["linkedin-version"];
    if (typeof version !== "string" || version === "") {
      return {
        fail: restliError(
          400,
          "VERSION_MISSING",
          "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
        ),
      };
    }
    if (!LINKEDIN_STUB_ACTIVE_VERSIONS.has(version)) {
      return { fail: restliError(426, "NONEXISTENT_VERSION", `Requested version ${version} is not active`) };
    }
    return authorize(req);
  }

  const has = (token: LinkedInStubToken, scope: string) => token.scope.split(/[ ,]+/).includes(scope);
  const denied = (what: string) => restliError(403, "ACCESS_DENIED", `Not enough permissions to access: ${what}`, 100);

  function tokenAnswer(scope: string, refresh: string | null): StubResponse {
    const access = state.issueToken(scope);
    const json: Record<string, unknown> = { access_token: access, expires_in: ACCESS_TTL_S, scope };
    if (refresh) {
      const r = state.refreshTokens.get(refresh);
      json.refresh_token = refresh;
      json.refresh_token_expires_in = r ? Math.max(0, Math.floor((r.expiresAt - state.now()) / 1000)) : REFRESH_TTL_S;
    }
    return { status: 200, json };
  }

  function postResource(p: LinkedInStubPost) {
    return { ...p, isReshareDisabledByAuthor: p.isReshareDisabledByAuthor ?? false };
  }

  const routes: StubRoute[] = [
    {
      method: "GET",
      path: "/oauth/v2/authorization",
      handle: (req) => {
        if (req.query.get("response_type") !== "code") return { status: 400, body: "response_type must be code" };
        if (req.query.get("client_id") !== LINKEDIN_STUB_CLIENT.clientId) {
          return { status: 400, body: "The passed in client_id is invalid" };
        }
        return consentPage(req, (q) => {
          const code = `AQT${randomBytes(18).toString("base64url")}`;
          state.codes.set(code, {
            redirectUri: q.get("redirect_uri") ?? "",
            scope: (q.get("scope") ?? "").split(/[ ,]+/).filter(Boolean).join(","),
            clientId: q.get("client_id") ?? "",
          });
          return code;
        });
      },
    },
    {
      method: "POST",
      path: "/oauth/v2/accessToken",
      handle: (req) => {
        const form = req.form ?? new URLSearchParams();
        if (
          form.get("client_id") !== LINKEDIN_STUB_CLIENT.clientId ||
          form.get("client_secret") !== LINKEDIN_STUB_CLIENT.clientSecret
        ) {
          return oauthError(401, "invalid_client", "Client authentication failed");
        }
        const grant = form.get("grant_type");
        if (grant === "authorization_code") {
          const code = state.codes.get(form.get("code") ?? "");
          if (!code || code.redirectUri !== form.get("redirect_uri")) {
            return oauthError(
              400,
              "invalid_request",
              "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.",
            );
          }
          state.codes.delete(form.get("code") ?? "");
          let refresh: string | null = null;
          if (state.programmaticRefresh) {
            refresh = `AQX${randomBytes(24).toString("base64url")}`;
            state.refreshTokens.set(refresh, { scope: code.scope, expiresAt: state.now() + REFRESH_TTL_S * 1000 });
          }
          return tokenAnswer(code.scope, refresh);
        }
        if (grant === "refresh_token") {
          const refresh = form.get("refresh_token") ?? "";
          const known = state.refreshTokens.get(refresh);
          if (!known || known.expiresAt <= state.now()) {
            return oauthError(
              400,
              "invalid_request",
              "The provided authorization grant or refresh token is invalid, expired or revoked.",
            );
          }
          return tokenAnswer(known.scope, refresh);
        }
        return oauthError(400, "unsupported_grant_type", `grant_type ${grant ?? "(none)"} is not supported`);
      },
    },
    {
      method: "GET",
      path: "/v2/userinfo",
      handle: (req) => {
        const auth = authorize(req);
        if ("fail" in auth) return auth.fail;
        if (!has(auth.token, "openid") || !has(auth.token, "profile")) return denied("GET /userinfo");
        const m = state.member;
        return {
          json: {
            sub: m.sub,
            name: `${m.givenName} ${m.familyName}`,
            given_name: m.givenName,
            family_name: m.familyName,
            locale: { country: "US", language: "en" },
            ...(m.picture ? { picture: m.picture } : {}),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/rest/organizationAcls",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        if (!has(auth.token, "r_organization_admin") && !has(auth.token, "rw_organization_admin")) {
          return denied("organizationAcls.FINDER-roleAssignee");
        }
        if (req.query.get("q") !== "roleAssignee") {
          return restliError(400, "ILLEGAL_ARGUMENT", "Unsupported finder: q must be roleAssignee");
        }
        const role = req.query.get("role");
        const wanted = state.administered.filter(() => !role || role === "ADMINISTRATOR");
        return {
          json: {
            paging: { start: 0, count: 10, total: wanted.length },
            elements: wanted.map((o) => ({
              roleAssignee: memberUrn(),
              state: "APPROVED",
              role: "ADMINISTRATOR",
              organization: `urn:li:organization:${o.id}`,
            })),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/rest/organizations",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        const ids = /^List\(([\d,]*)\)$/
          .exec(req.query.get("ids") ?? "")?.[1]
          ?.split(",")
          .filter(Boolean);
        if (!ids) return restliError(400, "ILLEGAL_ARGUMENT", "ids must be List(<id>,…)");
        const results: Record<string, unknown> = {};
        const statuses: Record<string, number> = {};
        const errors: Record<string, unknown> = {};
        for (const id of ids) {
          const org = state.administered.find((o) => String(o.id) === id);
          if (org) {
            results[id] = { id: org.id, localizedName: org.localizedName, vanityName: org.vanityName };
            statuses[id] = 200;
          } else {
            statuses[id] = 404;
            errors[id] = { status: 404, message: `Organization ${id} not found` };
          }
        }
        return { json: { results, statuses, errors } };
      },
    },
    {
      method: "POST",
      path: "/rest/images",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        if (req.query.get("action") !== "initializeUpload") {
          return restliError(400, "ILLEGAL_ARGUMENT", "action must be initializeUpload");
        }
        const owner = (req.json as { initializeUploadRequest?: { owner?: string } })?.initializeUploadRequest?.owner;
        if (!owner) {
          return restliError(
            422,
            "UNPROCESSABLE_ENTITY",
            "ERROR :: /initializeUploadRequest/owner :: field is required but not found and has no default value",
          );
        }
        const asOrg = owner.startsWith("urn:li:organization:");
        if (asOrg ? !(isAdmin(owner) && has(auth.token, "w_organization_social")) : owner !== memberUrn()) {
          return denied("images.ACTION-initializeUpload");
        }
        if (!asOrg && !has(auth.token, "w_member_social")) return denied("images.ACTION-initializeUpload");
        const id = next();
        const urn = `urn:li:image:C4E10AQ${id}`;
        state.images.set(urn, { urn, owner, status: "WAITING_UPLOAD", bytes: null });
        const uploadId = randomBytes(12).toString("hex");
        state.uploads.set(uploadId, urn);
        const host = String(req.headers.host ?? "127.0.0.1");
        return {
          json: {
            value: {
              uploadUrlExpiresAt: state.now() + 24 * 3_600_000,
              uploadUrl: `http://${host}/dms-uploads/${uploadId}/uploaded-image/0`,
              image: urn,
            },
          },
        };
      },
    },
    {
      method: "PUT",
      path: /^\/dms-uploads\/(?<upload>[0-9a-f]+)\/uploaded-image\/0$/,
      handle: (req) => {
        const auth = authorize(req);
        if ("fail" in auth) return auth.fail;
        const urn = state.uploads.get(req.params.upload ?? "");
        const image = urn ? state.images.get(urn) : undefined;
        if (!image) return restliError(404, "NOT_FOUND", "Upload URL not found or expired");
        if (!isImage(req.body)) {
          return restliError(400, "BAD_REQUEST", "Uploaded media is not a supported image type (JPG, GIF, PNG)");
        }
        image.bytes = req.body;
        image.status = "AVAILABLE";
        state.uploads.delete(req.params.upload ?? "");
        return { status: 201 };
      },
    },
    {
      method: "POST",
      path: "/rest/posts",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        const body = (req.json ?? {}) as Record<string, unknown>;
        const missing = ["author", "commentary", "visibility", "distribution", "lifecycleState"].filter(
          (f) => body[f] === undefined,
        );
        if (missing.length > 0) {
          return {
            status: 422,
            json: {
              status: 422,
              message: missing
                .map((f) => `ERROR :: /${f} :: field is required but not found and has no default value`)
                .join("\n"),
            },
          };
        }
        const author = String(body.author);
        const asOrg = author.startsWith("urn:li:organization:");
        if (asOrg ? !isAdmin(author) || !has(auth.token, "w_organization_social") : author !== memberUrn()) {
          return denied("partnerApiPostsExternal.CREATE.20260301");
        }
        if (!asOrg && !has(auth.token, "w_member_social")) return denied("partnerApiPostsExternal.CREATE.20260301");
        const content = body.content as Record<string, unknown> | undefined;
        const media = content?.media as { id?: string } | undefined;
        const multi = (content?.multiImage as { images?: { id?: string }[] } | undefined)?.images;
        const imageIds = media ? [media.id] : (multi ?? []).map((i) => i.id);
        if (multi && (multi.length < 2 || multi.length > 20)) {
          return restliError(422, "UNPROCESSABLE_ENTITY", "MultiImage posts must contain between 2 and 20 images");
        }
        for (const id of imageIds) {
          const image = state.images.get(id ?? "");
          if (image?.status !== "AVAILABLE") {
            return restliError(
              422,
              "UNPROCESSABLE_ENTITY",
              `ERROR :: /content/media/id :: ${id ?? "(none)"} is not an available image`,
            );
          }
        }
        const article = content?.article as { source?: string; title?: string; thumbnail?: string } | undefined;
        if (article && (!article.source || !article.title)) {
          return restliError(422, "UNPROCESSABLE_ENTITY", "ERROR :: /content/article :: source and title are required");
        }
        if (article?.thumbnail && state.images.get(article.thumbnail)?.status !== "AVAILABLE") {
          return restliError(
            422,
            "UNPROCESSABLE_ENTITY",
            `ERROR :: /content/article/thumbnail :: ${article.thumbnail} is not an available image`,
          );
        }
        const commentary = String(body.commentary);
        const duplicate = state.posts.find(
          (p) =>
            p.author === author && p.commentary === commentary && JSON.stringify(p.content) === JSON.stringify(content),
        );
        if (duplicate) {
          return { status: 422, json: { status: 422, message: `Content is a duplicate of ${duplicate.id}` } };
        }
        const at = state.now();
        const id = `urn:li:share:${next()}`;
        state.posts.push({
          id,
          author,
          commentary,
          visibility: String(body.visibility),
          distribution: body.distribution,
          lifecycleState: String(body.lifecycleState),
          isReshareDisabledByAuthor: body.isReshareDisabledByAuthor === true,
          content,
          createdAt: at,
          lastModifiedAt: at,
          publishedAt: at,
        });
        return { status: 201, headers: { "x-restli-id": id } };
      },
    },
    {
      method: "GET",
      path: "/rest/posts",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        if (req.query.get("q") !== "author") return restliError(400, "ILLEGAL_ARGUMENT", "Unsupported finder");
        const author = req.query.get("author") ?? "";
        if (author.startsWith("urn:li:organization:")) {
          if (!isAdmin(author) || !has(auth.token, "r_organization_social")) {
            return denied("partnerApiPostsExternal.FINDER-author.20260301");
          }
        } else if (!has(auth.token, "r_member_social")) {
          // Reading a member's posts needs r_member_social, which LinkedIn grants only to approved partners.
          return denied("partnerApiPostsExternal.FINDER-author.20260301");
        }
        const count = Math.min(100, Number(req.query.get("count") ?? 10) || 10);
        const mine = state.posts
          .filter((p) => p.author === author)
          .sort((a, b) => b.lastModifiedAt - a.lastModifiedAt)
          .slice(0, count);
        return { json: { paging: { start: 0, count, links: [] }, elements: mine.map(postResource) } };
      },
    },
    {
      method: "GET",
      path: /^\/rest\/socialActions\/(?<urn>[^/]+)$/,
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        const urn = decodeURIComponent(req.params.urn ?? "");
        const post = state.posts.find((p) => p.id === urn);
        if (!post) return restliError(404, "NOT_FOUND", `Not found: ${urn}`);
        const s = state.stats.get(urn);
        return {
          json: {
            target: urn,
            likesSummary: { totalLikes: s?.likes ?? 0, aggregatedTotalLikes: s?.likes ?? 0, likedByCurrentUser: false },
            commentsSummary: {
              totalFirstLevelComments: s?.comments ?? 0,
              aggregatedTotalComments: s?.comments ?? 0,
            },
          },
        };
      },
    },
    {
      method: "GET",
      path: "/rest/organizationalEntityShareStatistics",
      handle: (req) => {
        const auth = versioned(req);
        if ("fail" in auth) return auth.fail;
        const org = req.query.get("organizationalEntity") ?? "";
        if (req.query.get("q") !== "organizationalEntity" || !org) {
          return restliError(400, "ILLEGAL_ARGUMENT", "q=organizationalEntity and organizationalEntity are required");
        }
        if (!isAdmin(org) || !has(auth.token, "r_organization_admin")) {
          return denied("organizationalEntityShareStatistics.FINDER-organizationalEntity");
        }
        const list = req.query.get("shares") ?? req.query.get("ugcPosts") ?? "";
        const urns = (/^List\((.*)\)$/.exec(list)?.[1] ?? "").split(",").filter(Boolean).map(decodeURIComponent);
        const elements = urns
          .filter((urn) => state.posts.some((p) => p.id === urn && p.author === org))
          .map((urn) => {
            const s = state.stats.get(urn);
            return {
              organizationalEntity: org,
              share: urn,
              totalShareStatistics: {
                impressionCount: s?.impressions ?? 0,
                uniqueImpressionsCount: s?.uniqueImpressions ?? 0,
                clickCount: s?.clicks ?? 0,
                likeCount: s?.likes ?? 0,
                commentCount: s?.comments ?? 0,
                shareCount: s?.shares ?? 0,
                engagement: 0,
              },
            };
          });
        return { json: { paging: { start: 0, count: 10, links: [] }, elements } };
      },
    },
  ];
  return { routes, state };
}
