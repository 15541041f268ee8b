import { createHmac, randomBytes } from "node:crypto";
import { consentPage, type StubRequest, type StubResponse, type StubRoute } from "./stub-server";

// Meta's Graph API and Login dialog as Cadence uses them for Facebook Pages (and, through `extraRoutes`, Instagram),
// written from Meta's documentation:
// - GET /{version}/dialog/oauth (the Login dialog; code flow, `state` echoed):
//   https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
// - GET /{version}/oauth/access_token with `code` (short-lived user token) and with grant_type=fb_exchange_token
//   (long-lived user token, ~60 days): same page, and
//   https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
// - GET /{version}/me/accounts (Pages with access_token, tasks, picture, instagram_business_account; cursor paging):
//   https://developers.facebook.com/docs/graph-api/reference/user/accounts/ and
//   https://developers.facebook.com/docs/graph-api/results (paging.cursors.after, paging.next)
// - POST /{page-id}/feed (message, link, attached_media[i]={"media_fbid":…}) → { id: "<page-id>_<post-id>" },
//   GET /{page-id}/feed (fields, since, limit): https://developers.facebook.com/docs/pages-api/posts and
//   https://developers.facebook.com/docs/graph-api/reference/page/feed/
// - POST /{page-id}/photos (url, caption, published, alt_text_custom) → { id } or { id, post_id } when published:
//   https://developers.facebook.com/docs/graph-api/reference/page/photos/
// - GET /{post-id}?fields=reactions.summary(true),comments.summary(true),shares,permalink_url,…:
//   https://developers.facebook.com/docs/graph-api/reference/post/ (shares is absent until someone shares)
// - GET /{post-id}/insights?metric=…: https://developers.facebook.com/docs/graph-api/reference/insights/ — metrics
//   deprecated by Meta (post_impressions, post_impressions_unique:
//   https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics) answer "invalid metric" (#100).
// - GET /{page-id}?fields=followers_count,name: https://developers.facebook.com/docs/graph-api/reference/page/
// - Errors: { error: { message, type, code, error_subcode, fbtrace_id } } with HTTP 400 (500 for code 1/2):
//   https://developers.facebook.com/docs/graph-api/guides/error-handling; usage headers X-App-Usage (user/app
//   tokens) and X-Business-Use-Case-Usage (Page tokens, `estimated_time_to_regain_access` in minutes):
//   https://developers.facebook.com/docs/graph-api/overview/rate-limiting
// - appsecret_proof, when sent, must be HMAC-SHA256(access_token, app secret):
//   https://developers.facebook.com/docs/graph-api/securing-requests

export type MetaStubIgAccount = {
  id: string;
  username: string;
  name: string;
  profilePictureUrl: string;
  followersCount: number;
};

export type MetaStubPage = {
  id: string;
  name: string;
  /** The person's tasks on the Page (CREATE_CONTENT is what publishing needs). */
  tasks: string[];
  pictureUrl: string;
  followersCount: number;
  /** The Instagram professional account linked to the Page, or null. */
  ig: MetaStubIgAccount | null;
};

export type MetaStubPhoto = {
  id: string;
  pageId: string;
  /** The URL Meta fetched it from, or null when the file came in the request (`source`). */
  url: string | null;
  /** The uploaded file (`source`, multipart/form-data): its size and type; null when sent by `url`. */
  source: { bytes: number; type: string } | null;
  caption: string | null;
  altText: string | null;
  published: boolean;
  /** The feed post it is attached to (or was published as). */
  postId: string | null;
  createdAt: Date;
};

export type MetaStubPost = {
  id: string;
  pageId: string;
  message: string | null;
  link: string | null;
  photoIds: string[];
  createdAt: Date;
  permalinkUrl: string;
  reactions: number;
  comments: number;
  shares: number;
  /** Lifetime insights by metric name (post_media_view, post_total_media_view_unique, post_clicks). */
  insights: Record<string, number>;
};

export type MetaTokenOwner = { kind: "user"; long: boolean } | { kind: "page"; pageId: string; long: boolean };

export type MetaStubState = {
  appId: string;
  appSecret: string;
  pages: MetaStubPage[];
  posts: MetaStubPost[];
  photos: MetaStubPhoto[];
  /** Login codes issued by the dialog: code → where it was issued for, and whether it was exchanged. */
  codes: Map<string, { redirectUri: string; used: boolean }>;
  /** Every access token the stub issued. */
  tokens: Map<string, MetaTokenOwner>;
  /** Tokens Meta no longer accepts (password changed, app removed): code 190 subcode 460. */
  revoked: Set<string>;
  /** Calls counted per token, for the usage headers. */
  calls: Map<string, number>;
  /** A text-only post repeating one of the last `duplicateWindowMs` on the Page is refused (#506). */
  duplicateWindowMs: number;
  now: () => Date;
  nextId(): string;
  /** The Page token /me/accounts hands out for `pageId` (long-lived when the user token is). */
  pageToken(pageId: string, long: boolean): string;
  page(id: string): MetaStubPage | undefined;
  /** Every linked Instagram professional account. */
  igAccounts(): (MetaStubIgAccount & { pageId: string })[];
};

/** A Graph error answer as Meta sends it. */
export function graphError(
  code: number,
  message: string,
  opts: { status?: number; subcode?: number; type?: string; headers?: Record<string, string>; userMsg?: string } = {},
): StubResponse {
  return {
    status: opts.status ?? (code === 1 || code === 2 ? 500 : 400),
    headers: opts.headers,
    json: {
      error: {
        message,
        type: opts.type ?? "OAuthException",
        code,
        ...(opts.subcode !== undefined ? { error_subcode: opts.subcode } : {}),
        ...(opts.userMsg ? { error_user_title: "Error", error_user_msg: opts.userMsg } : {}),
        fbtrace_id: randomBytes(8).toString("base64url"),
      },
    },
  };
}

/** The Business Use Case throttling answer (#80001 for Pages) with its usage header. */
export function throttledAnswer(pageId: string, minutes: number): StubResponse {
  return graphError(80001, "There have been too many calls to this Page account. Wait a bit and try again.", {
    headers: {
      "x-business-use-case-usage": JSON.stringify({
        [pageId]: [
          {
            type: "pages",
            call_count: 100,
            total_cputime: 14,
            total_time: 22,
            estimated_time_to_regain_access: minutes,
          },
        ],
      }),
    },
  });
}

/** Graph's created_time format: "2026-11-29T17:30:00+0000". */
export const graphTime = (d: Date) => `${d.toISOString().slice(0, 19)}+0000`;

/** The access token a request carries (query, form body or Authorization: Bearer/OAuth). */
export function accessTokenOf(req: StubRequest): string | null {
  const auth = String(req.headers.authorization ?? "");
  const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth)?.[1];
  return req.query.get("access_token") ?? req.form?.get("access_token") ?? bearer ?? null;
}

/** A request's parameter, from the query or the form body. */
export const param = (req: StubRequest, name: string) => req.query.get(name) ?? req.form?.get(name) ?? null;

/**
 * Who the request's token is, or the error Meta answers: no token (#2500), a token it never issued (#190), a
 * revoked one (#190/460), a wrong appsecret_proof (#100).
 */
export function authorise(state: MetaStubState, req: StubRequest): MetaTokenOwner | StubResponse {
  const token = accessTokenOf(req);
  if (!token)
    return graphError(2500, "An active access token must be used to query information about the current user.");
  const owner = state.tokens.get(token);
  if (!owner) return graphError(190, "Invalid OAuth access token - Cannot parse access token");
  if (state.revoked.has(token)) {
    return graphError(
      190,
      "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
      { subcode: 460 },
    );
  }
  const proof = param(req, "appsecret_proof");
  if (proof !== null && proof !== createHmac("sha256", state.appSecret).update(token).digest("hex")) {
    return graphError(100, "Invalid appsecret_proof provided in the API argument", { type: "GraphMethodException" });
  }
  state.calls.set(token, (state.calls.get(token) ?? 0) + 1);
  return owner;
}

const isAnswer = (x: MetaTokenOwner | StubResponse): x is StubResponse => !("kind" in x);

/** Usage headers for an answer to `owner` (percent of the hour's allowance; the stub allows 200 calls an hour). */
function usageHeaders(state: MetaStubState, req: StubRequest, owner: MetaTokenOwner): Record<string, string> {
  const calls = state.calls.get(accessTokenOf(req) ?? "") ?? 0;
  const pct = Math.min(100, Math.round(calls / 2));
  if (owner.kind === "page") {
    return {
      "x-business-use-case-usage": JSON.stringify({
        [owner.pageId]: [
          { type: "pages", call_count: pct, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 },
        ],
      }),
    };
  }
  return { "x-app-usage": JSON.stringify({ call_count: pct, total_time: 1, total_cputime: 1 }) };
}

const V = String.raw`\/v\d+\.\d+`;
const route = (method: string, pattern: string, handle: StubRoute["handle"]): StubRoute => ({
  method,
  path: new RegExp(`^${V}${pattern}$`),
  handle,
});

function defaultPages(): MetaStubPage[] {
  const all = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"];
  return [
    {
      id: "1000000001",
      name: "Cadence Bakery",
      tasks: all,
      pictureUrl: "https://scontent.example/bakery.jpg",
      followersCount: 1520,
      ig: {
        id: "17841400000000001",
        username: "cadence.bakery",
        name: "Cadence Bakery",
        profilePictureUrl: "https://scontent.example/bakery-ig.jpg",
        followersCount: 860,
      },
    },
    {
      id: "1000000002",
      name: "Cadence Garden",
      tasks: all,
      pictureUrl: "https://scontent.example/garden.jpg",
      followersCount: 240,
      ig: null,
    },
    {
      id: "1000000003",
      name: "Neighbourhood News",
      tasks: ["ANALYZE", "MODERATE"],
      pictureUrl: "https://scontent.example/news.jpg",
      followersCount: 9100,
      ig: null,
    },
  ];
}

/** The fields of `obj` the request's `fields` names (top-level names; `x.summary(true)` and `x{…}` read as x). */
function pick(req: StubRequest, obj: Record<string, unknown>, fallback: string[]): Record<string, unknown> {
  const raw = param(req, "fields");
  const names = raw
    ? raw
        .split(/,(?![^{(]*[})])/)
        .map((f) => f.trim().replace(/[.{(].*$/, ""))
        .filter(Boolean)
    : fallback;
  const out: Record<string, unknown> = { id: obj.id };
  for (const n of names) if (obj[n] !== undefined) out[n] = obj[n];
  return out;
}

function parseSince(raw: string | null): number | null {
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** The routes of the Meta stub over `state` (extraRoutes first: the Instagram stub's routes win over generic ones). */
function metaRoutes(state: MetaStubState): StubRoute[] {
  const pageAccess = (req: StubRequest, pageId: string): MetaTokenOwner | StubResponse => {
    const owner = authorise(state, req);
    if (isAnswer(owner)) return owner;
    const page = state.page(pageId);
    if (!page) {
      return graphError(
        100,
        `Unsupported get request. Object with ID '${pageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        { type: "GraphMethodException", subcode: 33 },
      );
    }
    if (owner.kind !== "page" || owner.pageId !== pageId) {
      return graphError(
        200,
        "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission",
      );
    }
    return owner;
  };

  const createPost = (
    page: MetaStubPage,
    fields: { message: string | null; link: string | null; photoIds: string[] },
  ): MetaStubPost => {
    const n = state.nextId();
    const post: MetaStubPost = {
      id: `${page.id}_${n}`,
      pageId: page.id,
      ...fields,
      createdAt: state.now(),
      permalinkUrl: `https://www.facebook.com/${page.id}/posts/${n}`,
      reactions: 0,
      comments: 0,
      shares: 0,
      insights: { post_media_view: 0, post_total_media_view_unique: 0, post_clicks: 0 },
    };
    state.posts.push(post);
    return post;
  };

  return [
    route("GET", String.raw`\/dialog\/oauth`, (req) => {
      if (req.query.get("client_id") !== state.appId) {
        return { status: 400, body: "Invalid App ID: the app ID in the URL is not a valid app ID." };
      }
      return consentPage(req, (q) => {
        const code = `AQ${randomBytes(24).toString("base64url")}`;
        state.codes.set(code, { redirectUri: q.get("redirect_uri") ?? "", used: false });
        return code;
      });
    }),

    route("GET", String.raw`\/oauth\/access_token`, (req) => {
      const q = req.query;
      if (q.get("client_id") !== state.appId) {
        return graphError(101, "Error validating application. Invalid application ID.");
      }
      if (q.get("client_secret") !== state.appSecret) {
        return graphError(1, "Error validating client secret.", { status: 400 });
      }
      if (q.get("grant_type") === "fb_exchange_token") {
        const given = q.get("fb_exchange_token") ?? "";
        const owner = state.tokens.get(given);
        if (owner?.kind !== "user" || state.revoked.has(given)) {
          return graphError(190, "Invalid OAuth access token - Cannot parse access token");
        }
        const long = `EAAlong${randomBytes(18).toString("base64url")}`;
        state.tokens.set(long, { kind: "user", long: true });
        return { json: { access_token: long, token_type: "bearer", expires_in: 5_183_944 } };
      }
      const code = q.get("code") ?? "";
      const issued = state.codes.get(code);
      if (!issued) return graphError(100, "Invalid verification code format.", { subcode: 36007 });
      if (issued.used) return graphError(100, "This authorization code has been used.", { subcode: 36009 });
      if (issued.redirectUri !== q.get("redirect_uri")) {
        return graphError(
          100,
          "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
          { subcode: 36008 },
        );
      }
      issued.used = true;
      const short = `EAAshort${randomBytes(18).toString("base64url")}`;
      state.tokens.set(short, { kind: "user", long: false });
      return { json: { access_token: short, token_type: "bearer", expires_in: 5_400 } };
    }),

    route("GET", String.raw`\/me\/accounts`, (req) => {
      const owner = authorise(state, req);
      if (isAnswer(owner)) return owner;
      if (owner.kind !== "user") {
        return graphError(100, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)");
      }
      const limit = Math.min(Number(req.query.get("limit") ?? 25) || 25, 100);
      const start = Number(
        req.query.get("after") ? Buffer.from(req.query.get("after") ?? "", "base64url").toString() : 0,
      );
      const slice = state.pages.slice(start, start + limit);
      const data = slice.map((p) =>
        pick(
          req,
          {
            id: p.id,
            name: p.name,
            access_token: state.pageToken(p.id, owner.long),
            tasks: p.tasks,
            category: "Local business",
            picture: { data: { url: p.pictureUrl, is_silhouette: false, height: 50, width: 50 } },
            instagram_business_account: p.ig
              ? { id: p.ig.id, username: p.ig.username, name: p.ig.name, profile_picture_url: p.ig.profilePictureUrl }
              : undefined,
          },
          ["name", "access_token", "category", "tasks"],
        ),
      );
      const cursor = (i: number) => Buffer.from(String(i)).toString("base64url");
      const more = start + limit < state.pages.length;
      const paging = {
        cursors: { before: cursor(start), after: cursor(start + slice.length) },
        ...(more ? { next: `https://graph.facebook.com/me/accounts?after=${cursor(start + slice.length)}` } : {}),
      };
      return { headers: usageHeaders(state, req, owner), json: { data, paging } };
    }),

    route("POST", String.raw`\/(?<pageId>\d+)\/photos`, async (req) => {
      // A file upload comes as multipart/form-data with the file in `source`.
      let source: MetaStubPhoto["source"] = null;
      const type = String(req.headers["content-type"] ?? "");
      if (type.startsWith("multipart/form-data")) {
        const body = new Uint8Array(req.body);
        const parts = await new Request("http://stub.invalid/", {
          method: "POST",
          headers: { "content-type": type },
          body,
        }).formData();
        req.form = new URLSearchParams();
        for (const [name, value] of parts) {
          if (typeof value === "string") req.form.append(name, value);
          else if (name === "source") source = { bytes: value.size, type: value.type };
        }
      }
      const owner = pageAccess(req, req.params.pageId ?? "");
      if (isAnswer(owner)) return owner;
      const page = state.page(req.params.pageId ?? "") as MetaStubPage;
      const url = param(req, "url");
      if (!url && !source) return graphError(324, "(#324) Requires upload file");
      if (url && !/^https?:\/\//.test(url)) return graphError(324, "(#324) Missing or invalid image file");
      if (source && source.bytes > 10_000_000) return graphError(324, "(#324) Missing or invalid image file");
      const published = param(req, "published") !== "false";
      const photo: MetaStubPhoto = {
        id: state.nextId(),
        pageId: page.id,
        url,
        source,
        caption: param(req, "caption") ?? param(req, "message"),
        altText: param(req, "alt_text_custom"),
        published,
        postId: null,
        createdAt: state.now(),
      };
      state.photos.push(photo);
      if (!published) return { headers: usageHeaders(state, req, owner), json: { id: photo.id } };
      const post = createPost(page, { message: photo.caption, link: null, photoIds: [photo.id] });
      photo.postId = post.id;
      return { headers: usageHeaders(state, req, owner), json: { id: photo.id, post_id: post.id } };
    }),

    route("POST", String.raw`\/(?<pageId>\d+)\/feed`, (req) => {
      const owner = pageAccess(req, req.params.pageId ?? "");
      if (isAnswer(owner)) return owner;
      const page = state.page(req.params.pageId ?? "") as MetaStubPage;
      const message = param(req, "message");
      const link = param(req, "link");
      const photoIds: string[] = [];
      for (let i = 0; ; i++) {
        const raw = param(req, `attached_media[${i}]`);
        if (raw === null) break;
        let fbid: unknown;
        try {
          fbid = (JSON.parse(raw) as { media_fbid?: unknown }).media_fbid;
        } catch {
          fbid = undefined;
        }
        const photo = state.photos.find((p) => p.id === fbid && p.pageId === page.id);
        if (!photo || photo.published || photo.postId) {
          return graphError(100, `(#100) param attached_media[${i}] has invalid media_fbid`);
        }
        photoIds.push(photo.id);
      }
      if (!message && !link && photoIds.length === 0) {
        return graphError(100, "(#100) Missing message or attachment");
      }
      if (link && !/^https?:\/\/[^\s]+$/.test(link)) {
        return graphError(100, "(#100) The link is invalid", { userMsg: "The link you shared is not a valid URL." });
      }
      if (message && !link && photoIds.length === 0) {
        const since = state.now().getTime() - state.duplicateWindowMs;
        const dup = state.posts.find(
          (p) => p.pageId === page.id && p.message === message && p.createdAt.getTime() >= since,
        );
        if (dup) return graphError(506, "Duplicate status message");
      }
      const post = createPost(page, { message, link, photoIds });
      for (const id of photoIds) {
        const photo = state.photos.find((p) => p.id === id);
        if (photo) photo.postId = post.id;
      }
      return { headers: usageHeaders(state, req, owner), json: { id: post.id } };
    }),

    route("GET", String.raw`\/(?<pageId>\d+)\/feed`, (req) => {
      const owner = pageAccess(req, req.params.pageId ?? "");
      if (isAnswer(owner)) return owner;
      const since = parseSince(req.query.get("since"));
      const limit = Math.min(Number(req.query.get("limit") ?? 25) || 25, 100);
      const data = state.posts
        .filter((p) => p.pageId === req.params.pageId && (since === null || p.createdAt.getTime() >= since))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit)
        .map((p) =>
          pick(
            req,
            {
              id: p.id,
              message: p.message ?? undefined,
              created_time: graphTime(p.createdAt),
              permalink_url: p.permalinkUrl,
            },
            ["message", "created_time"],
          ),
        );
      return { headers: usageHeaders(state, req, owner), json: { data, paging: {} } };
    }),

    route("GET", String.raw`\/(?<postId>\d+_\d+)\/insights`, (req) => {
      const post = state.posts.find((p) => p.id === req.params.postId);
      const owner = pageAccess(req, post?.pageId ?? req.params.postId?.split("_")[0] ?? "");
      if (isAnswer(owner)) return owner;
      if (!post) return graphError(100, "(#100) Object does not exist", { type: "GraphMethodException" });
      const metrics = (req.query.get("metric") ?? "").split(",").filter(Boolean);
      if (metrics.length === 0) {
        return graphError(3001, "Invalid query", {
          subcode: 1504028,
          userMsg:
            "No metric was specified to be fetched. Please specify one or more metrics to be fetched and try again.",
        });
      }
      const unknown = metrics.find((m) => post.insights[m] === undefined);
      if (unknown) return graphError(100, "(#100) The value must be a valid insights metric");
      const data = metrics.map((name) => ({
        name,
        period: "lifetime",
        values: [{ value: post.insights[name] }],
        title: name,
        description: name,
        id: `${post.id}/insights/${name}/lifetime`,
      }));
      return { headers: usageHeaders(state, req, owner), json: { data, paging: {} } };
    }),

    route("GET", String.raw`\/(?<postId>\d+_\d+)`, (req) => {
      const post = state.posts.find((p) => p.id === req.params.postId);
      const owner = pageAccess(req, post?.pageId ?? req.params.postId?.split("_")[0] ?? "");
      if (isAnswer(owner)) return owner;
      if (!post) {
        return graphError(
          100,
          `Unsupported get request. Object with ID '${req.params.postId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          { type: "GraphMethodException", subcode: 33 },
        );
      }
      const obj = {
        id: post.id,
        message: post.message ?? undefined,
        created_time: graphTime(post.createdAt),
        permalink_url: post.permalinkUrl,
        reactions: { data: [], summary: { total_count: post.reactions, viewer_reaction: "NONE" } },
        comments: { data: [], summary: { order: "ranked", total_count: post.comments, can_comment: true } },
        shares: post.shares > 0 ? { count: post.shares } : undefined,
      };
      return { headers: usageHeaders(state, req, owner), json: pick(req, obj, ["message", "created_time"]) };
    }),

    route("GET", String.raw`\/(?<pageId>\d+)`, (req) => {
      const owner = pageAccess(req, req.params.pageId ?? "");
      if (isAnswer(owner)) return owner;
      const page = state.page(req.params.pageId ?? "") as MetaStubPage;
      const obj = {
        id: page.id,
        name: page.name,
        followers_count: page.followersCount,
        fan_count: page.followersCount,
      };
      return { headers: usageHeaders(state, req, owner), json: pick(req, obj, ["name"]) };
    }),
  ];
}

/**
 * A fresh Meta stub: three Pages (one with a linked Instagram professional account, one without, one where the
 * person lacks CREATE_CONTENT) and the routes above; `extraRoutes(state)` are served first (the Instagram stub adds
 * its /{ig-user-id}/media, media_publish, … there, sharing the Pages, tokens and checks: `authorise`, `graphError`).
 */
export function createMetaStub({
  extraRoutes,
  appId = "1234567890123456",
  appSecret = "meta-test-app-secret",
  pages = defaultPages(),
}: {
  extraRoutes?: (state: MetaStubState) => StubRoute[];
  appId?: string;
  appSecret?: string;
  pages?: MetaStubPage[];
} = {}): { routes: StubRoute[]; state: MetaStubState } {
  let next = 5_000_000_000_000;
  const pageTokens = new Map<string, string>();
  const state: MetaStubState = {
    appId,
    appSecret,
    pages,
    posts: [],
    photos: [],
    codes: new Map(),
    tokens: new Map(),
    revoked: new Set(),
    calls: new Map(),
    duplicateWindowMs: 5 * 60_000,
    now: () => new Date(),
    nextId: () => String(++next),
    pageToken(pageId, long) {
      const key = `${pageId}:${long}`;
      let token = pageTokens.get(key);
      if (!token) {
        token = `EAApage${long ? "L" : "S"}${randomBytes(18).toString("base64url")}`;
        pageTokens.set(key, token);
        state.tokens.set(token, { kind: "page", pageId, long });
      }
      return token;
    },
    page: (id) => state.pages.find((p) => p.id === id),
    igAccounts: () => state.pages.flatMap((p) => (p.ig ? [{ ...p.ig, pageId: p.id }] : [])),
  };
  return { routes: [...(extraRoutes?.(state) ?? []), ...metaRoutes(state)], state };
}
