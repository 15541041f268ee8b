import { consentPage, type StubRequest, type StubResponse, type StubRoute } from "./stub-server";

// The Threads API as Meta documents it, for tests (Cadence's THREADS_AUTH_URL and THREADS_API_URL both point here):
// - GET  /oauth/authorize — the Authorization Window (client_id, redirect_uri, scope, response_type=code, state; no
//   PKCE): https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
// - POST /oauth/access_token — code → short-lived token {access_token, user_id}: same page, step 2
// - GET  /access_token?grant_type=th_exchange_token, GET /refresh_access_token?grant_type=th_refresh_token —
//   long-lived tokens {access_token, token_type, expires_in}:
//   https://developers.facebook.com/docs/threads/get-started/long-lived-tokens
// - GET  /v1.0/me?fields=id,username,name,threads_profile_picture_url:
//   https://developers.facebook.com/docs/threads/threads-profiles
// - POST /v1.0/{user-id}/threads (media_type TEXT/IMAGE/VIDEO/CAROUSEL, text, image_url, video_url,
//   is_carousel_item, children, alt_text) → {id}; POST /v1.0/{user-id}/threads_publish (creation_id) → {id}:
//   https://developers.facebook.com/docs/threads/posts, https://developers.facebook.com/docs/threads/posts/accessibility
// - GET  /v1.0/{container-id}?fields=status,error_message (IN_PROGRESS, FINISHED, ERROR, EXPIRED, PUBLISHED) and
//   GET  /v1.0/{user-id}/threads_publishing_limit?fields=quota_usage,config (250 per 86,400 s):
//   https://developers.facebook.com/docs/threads/troubleshooting
// - GET  /v1.0/{media-id}?fields=id,permalink,… and GET /v1.0/{user-id}/threads (recent threads, newest first):
//   https://developers.facebook.com/docs/threads/threads-media
// - GET  /v1.0/{media-id}/insights?metric=… ({data:[{name, period:"lifetime", values:[{value}], …}]}) and
//   GET  /v1.0/{user-id}/threads_insights?metric=followers_count ({…, total_value:{value}}):
//   https://developers.facebook.com/docs/threads/insights
// - errors: the Graph API error body {error:{message, type, code, error_subcode, fbtrace_id}}, HTTP 400, code 190 for
//   a bad token: https://developers.facebook.com/docs/graph-api/guides/error-handling
// Tokens and parameters are read from the query or the form body, as Meta takes either. Containers stay
// IN_PROGRESS for `pollsUntilFinished` status reads, then FINISHED (or the planned ERROR/EXPIRED).

export type StubContainer = {
  id: string;
  userId: string;
  mediaType: "TEXT" | "IMAGE" | "VIDEO" | "CAROUSEL";
  text: string | null;
  imageUrl: string | null;
  videoUrl: string | null;
  altText: string | null;
  isCarouselItem: boolean;
  children: string[];
  status: "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
  /** What the container becomes once processed. */
  outcome: { status: "FINISHED" | "ERROR" | "EXPIRED"; errorMessage?: string };
  reads: number;
  mediaId: string | null;
};

export type StubThread = {
  id: string;
  userId: string;
  containerId: string;
  mediaType: "TEXT_POST" | "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM";
  text: string | null;
  permalink: string;
  timestamp: string;
  insights: Record<string, number>;
};

export type StubThreadsUser = {
  id: string;
  username: string;
  name: string;
  pictureUrl: string;
  followers: number;
};

export type ThreadsStubState = {
  app: { clientId: string; clientSecret: string };
  users: Map<string, StubThreadsUser>;
  /** The user the consent page logs in. */
  loginUserId: string;
  codes: Map<string, { redirectUri: string; scope: string; used: boolean }>;
  tokens: Map<string, { userId: string; kind: "short" | "long"; expiresAt: number }>;
  containers: Map<string, StubContainer>;
  threads: Map<string, StubThread>;
  /** Publishing quota per user id (quota_usage); quota_total and quota_duration as documented. */
  quotaUsage: Map<string, number>;
  quotaTotal: number;
  pollsUntilFinished: number;
  /** The next containers created end this way instead of FINISHED (consumed one per container). */
  plannedOutcomes: { status: "ERROR" | "EXPIRED"; errorMessage?: string }[];
  /** Issues an access token for `userId` directly (tests that skip the login). */
  issueToken(userId: string, opts?: { kind?: "short" | "long"; expiresInSec?: number }): string;
};

let traceCounter = 0;
const graphError = (
  status: number,
  message: string,
  code: number,
  extra: { type?: string; subcode?: number } = {},
): StubResponse => ({
  status,
  headers: code === 190 ? { "www-authenticate": 'OAuth "Facebook Platform" "invalid_token"' } : {},
  json: {
    error: {
      message,
      type: extra.type ?? "OAuthException",
      code,
      ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
      fbtrace_id: `AbCdTrace${++traceCounter}`,
    },
  },
});

/** A parameter from the form body or the query (Meta takes both). */
const param = (req: StubRequest, name: string): string | null => req.form?.get(name) ?? req.query.get(name);

const LONG_LIVED_SEC = 5_183_944;

/** A fresh Threads stub: one app, one profile (@stub.threads), no containers or threads. */
export function createThreadsStub({
  clientId = "990602627938098",
  clientSecret = "threads-stub-app-secret",
  pollsUntilFinished = 1,
}: {
  clientId?: string;
  clientSecret?: string;
  pollsUntilFinished?: number;
} = {}): {
  routes: StubRoute[];
  state: ThreadsStubState;
} {
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${String(++counter).padStart(8, "0")}`;
  const state: ThreadsStubState = {
    app: { clientId, clientSecret },
    users: new Map([
      [
        "17841400000000001",
        {
          id: "17841400000000001",
          username: "stub.threads",
          name: "Stub Threads",
          pictureUrl: "https://scontent.threads.example/profile.jpg",
          followers: 1234,
        },
      ],
    ]),
    loginUserId: "17841400000000001",
    codes: new Map(),
    tokens: new Map(),
    containers: new Map(),
    threads: new Map(),
    quotaUsage: new Map(),
    quotaTotal: 250,
    pollsUntilFinished,
    plannedOutcomes: [],
    issueToken(userId, { kind = "long", expiresInSec = LONG_LIVED_SEC } = {}) {
      const token = `TH${kind === "long" ? "LL" : "SL"}${nextId("")}${Math.random().toString(36).slice(2, 10)}`;
      state.tokens.set(token, { userId, kind, expiresAt: Date.now() + expiresInSec * 1000 });
      return token;
    },
  };

  /** The token's user, or the documented refusal. */
  function authed(req: StubRequest, kind?: "short" | "long"): { userId: string } | StubResponse {
    const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1];
    const token = param(req, "access_token") ?? bearer;
    if (!token)
      return graphError(400, "An active access token must be used to query information about the current user.", 2500);
    const t = state.tokens.get(token);
    if (!t) return graphError(400, "Invalid OAuth access token - Cannot parse access token", 190);
    if (t.expiresAt <= Date.now()) {
      return graphError(400, "Error validating access token: Session has expired.", 190, { subcode: 463 });
    }
    if (kind && t.kind !== kind) return graphError(400, `This endpoint needs a ${kind}-lived access token`, 190);
    return { userId: t.userId };
  }
  const refused = (a: { userId: string } | StubResponse): a is StubResponse => !("userId" in a);

  function ownUser(req: StubRequest, userId: string | undefined): { userId: string } | StubResponse {
    const a = authed(req);
    if (refused(a)) return a;
    if (userId !== a.userId && userId !== "me") {
      return graphError(400, `Unsupported request - method type: ${req.method.toLowerCase()}`, 100, {
        type: "GraphMethodException",
        subcode: 33,
      });
    }
    return a;
  }

  function readContainer(c: StubContainer): void {
    c.reads += 1;
    if (c.status === "IN_PROGRESS" && c.reads > state.pollsUntilFinished) c.status = c.outcome.status;
  }

  function containerAnswer(c: StubContainer, fields: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = { id: c.id };
    if (fields.includes("status")) out.status = c.status;
    if (fields.includes("error_message") && c.status === "ERROR")
      out.error_message = c.outcome.errorMessage ?? "UNKNOWN";
    return out;
  }

  function threadAnswer(t: StubThread, fields: string[]): Record<string, unknown> {
    const user = state.users.get(t.userId);
    const all: Record<string, unknown> = {
      id: t.id,
      permalink: t.permalink,
      timestamp: t.timestamp,
      text: t.text ?? undefined,
      media_type: t.mediaType,
      username: user?.username,
      media_product_type: "THREADS",
      shortcode: t.permalink.split("/").at(-1),
      is_quote_post: false,
    };
    const out: Record<string, unknown> = { id: t.id };
    for (const f of fields) if (all[f] !== undefined) out[f] = all[f];
    return out;
  }

  const fieldsOf = (req: StubRequest) =>
    (req.query.get("fields") ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);

  const routes: StubRoute[] = [
    {
      method: "GET",
      path: "/oauth/authorize",
      handle(req) {
        const q = req.query;
        if (q.get("client_id") !== state.app.clientId) return { status: 400, body: "Invalid app ID" };
        if (q.get("response_type") !== "code") return { status: 400, body: "response_type must be code" };
        const scopes = (q.get("scope") ?? "").split(/[ ,]+/).filter(Boolean);
        if (!scopes.includes("threads_basic")) return { status: 400, body: "threads_basic is required" };
        return consentPage(req, (query) => {
          const code = `AQB${nextId("")}${Math.random().toString(36).slice(2, 12)}`;
          state.codes.set(code, { redirectUri: query.get("redirect_uri") ?? "", scope: scopes.join(","), used: false });
          return code;
        });
      },
    },
    {
      method: "POST",
      path: "/oauth/access_token",
      handle(req) {
        if (param(req, "client_id") !== state.app.clientId || param(req, "client_secret") !== state.app.clientSecret) {
          return graphError(400, "Error validating client secret.", 1, { subcode: 0 });
        }
        if (param(req, "grant_type") !== "authorization_code") return graphError(400, "Unsupported grant_type", 100);
        const code = (param(req, "code") ?? "").replace(/#_$/, "");
        const issued = state.codes.get(code);
        if (!issued || issued.used)
          return graphError(
            400,
            "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
            100,
            { subcode: 36008 },
          );
        if (param(req, "redirect_uri") !== issued.redirectUri) {
          return graphError(
            400,
            "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
            100,
            { subcode: 36008 },
          );
        }
        issued.used = true;
        const token = state.issueToken(state.loginUserId, { kind: "short", expiresInSec: 3600 });
        return { json: { access_token: token, user_id: Number(state.loginUserId) } };
      },
    },
    {
      method: "GET",
      path: "/access_token",
      handle(req) {
        if (req.query.get("grant_type") !== "th_exchange_token") return graphError(400, "Unsupported grant_type", 100);
        if (req.query.get("client_secret") !== state.app.clientSecret)
          return graphError(400, "Error validating client secret.", 1);
        const a = authed(req, "short");
        if (refused(a)) return a;
        const token = state.issueToken(a.userId, { kind: "long" });
        return { json: { access_token: token, token_type: "bearer", expires_in: LONG_LIVED_SEC } };
      },
    },
    {
      method: "GET",
      path: "/refresh_access_token",
      handle(req) {
        if (req.query.get("grant_type") !== "th_refresh_token") return graphError(400, "Unsupported grant_type", 100);
        const a = authed(req, "long");
        if (refused(a)) return a;
        const token = state.issueToken(a.userId, { kind: "long" });
        return { json: { access_token: token, token_type: "bearer", expires_in: LONG_LIVED_SEC } };
      },
    },
    {
      method: "GET",
      path: "/v1.0/me",
      handle(req) {
        const a = authed(req);
        if (refused(a)) return a;
        const user = state.users.get(a.userId);
        if (!user) return graphError(400, "Unsupported get request.", 100);
        const all: Record<string, unknown> = {
          id: user.id,
          username: user.username,
          name: user.name,
          threads_profile_picture_url: user.pictureUrl,
        };
        const out: Record<string, unknown> = { id: user.id };
        for (const f of fieldsOf(req)) if (all[f] !== undefined) out[f] = all[f];
        return { json: out };
      },
    },
    {
      method: "POST",
      path: /^\/v1\.0\/(?<user>[^/]+)\/threads$/,
      handle(req) {
        const a = ownUser(req, req.params.user);
        if (refused(a)) return a;
        const mediaType = param(req, "media_type");
        if (mediaType !== "TEXT" && mediaType !== "IMAGE" && mediaType !== "VIDEO" && mediaType !== "CAROUSEL") {
          return graphError(400, "The parameter media_type is required.", 100);
        }
        const text = param(req, "text");
        const isCarouselItem = param(req, "is_carousel_item") === "true";
        const imageUrl = param(req, "image_url");
        const videoUrl = param(req, "video_url");
        const children = (param(req, "children") ?? "").split(",").filter(Boolean);
        if (mediaType === "TEXT" && !text) return graphError(400, "The parameter text is required.", 100);
        if (mediaType === "IMAGE" && !imageUrl) return graphError(400, "The parameter image_url is required.", 100);
        if (mediaType === "VIDEO" && !videoUrl) return graphError(400, "The parameter video_url is required.", 100);
        if (mediaType === "CAROUSEL") {
          if (children.length < 2 || children.length > 20) {
            return graphError(400, "A carousel needs between 2 and 20 children.", 100);
          }
          for (const child of children) {
            const c = state.containers.get(child);
            if (!c || c.userId !== a.userId || !c.isCarouselItem) {
              return graphError(400, `Invalid carousel child: ${child}`, 100);
            }
            if (c.status === "EXPIRED") return graphError(400, `Carousel child ${child} has expired`, 100);
          }
        }
        if (text && new Set(text.match(/https?:\/\/\S+|www\.\S+/gi) ?? []).size > 5) {
          return graphError(400, "THREADS_API__LINK_LIMIT_EXCEEDED: a post may hold at most 5 links", 100);
        }
        const planned = state.plannedOutcomes.shift();
        const c: StubContainer = {
          id: nextId("1789"),
          userId: a.userId,
          mediaType,
          text,
          imageUrl,
          videoUrl,
          altText: param(req, "alt_text"),
          isCarouselItem,
          children,
          status: "IN_PROGRESS",
          outcome: planned ?? { status: "FINISHED" },
          reads: 0,
          mediaId: null,
        };
        state.containers.set(c.id, c);
        return { json: { id: c.id } };
      },
    },
    {
      method: "POST",
      path: /^\/v1\.0\/(?<user>[^/]+)\/threads_publish$/,
      handle(req) {
        const a = ownUser(req, req.params.user);
        if (refused(a)) return a;
        const c = state.containers.get(param(req, "creation_id") ?? "");
        if (!c || c.userId !== a.userId || c.isCarouselItem) {
          return graphError(400, "The requested resource does not exist", 100, { subcode: 33 });
        }
        const used = state.quotaUsage.get(a.userId) ?? 0;
        if (used >= state.quotaTotal) return graphError(400, "Application request limit reached", 4);
        if (c.status === "PUBLISHED") return graphError(400, "The media container has already been published", 100);
        if (c.status !== "FINISHED")
          return graphError(400, `The media container is not ready to be published (status ${c.status})`, 100);
        const user = state.users.get(a.userId);
        const id = nextId("1800");
        const thread: StubThread = {
          id,
          userId: a.userId,
          containerId: c.id,
          mediaType: c.mediaType === "TEXT" ? "TEXT_POST" : c.mediaType === "CAROUSEL" ? "CAROUSEL_ALBUM" : c.mediaType,
          text: c.text,
          permalink: `https://www.threads.net/@${user?.username ?? "user"}/post/C${id.slice(-8)}`,
          timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "+0000"),
          insights: { views: 0, likes: 0, replies: 0, reposts: 0, quotes: 0, shares: 0 },
        };
        state.threads.set(id, thread);
        c.status = "PUBLISHED";
        c.mediaId = id;
        state.quotaUsage.set(a.userId, used + 1);
        return { json: { id } };
      },
    },
    {
      method: "GET",
      path: /^\/v1\.0\/(?<user>[^/]+)\/threads_publishing_limit$/,
      handle(req) {
        const a = ownUser(req, req.params.user);
        if (refused(a)) return a;
        const fields = fieldsOf(req);
        const row: Record<string, unknown> = {};
        if (fields.includes("quota_usage")) row.quota_usage = state.quotaUsage.get(a.userId) ?? 0;
        if (fields.includes("config")) row.config = { quota_total: state.quotaTotal, quota_duration: 86400 };
        return { json: { data: [row] } };
      },
    },
    {
      method: "GET",
      path: /^\/v1\.0\/(?<user>[^/]+)\/threads$/,
      handle(req) {
        const a = ownUser(req, req.params.user);
        if (refused(a)) return a;
        const limit = Math.min(100, Number(req.query.get("limit") ?? 25) || 25);
        const mine = [...state.threads.values()]
          .filter((t) => t.userId === a.userId)
          .reverse()
          .slice(0, limit);
        const fields = fieldsOf(req);
        return {
          json: {
            data: mine.map((t) => threadAnswer(t, fields)),
            paging: { cursors: { before: "QVFIUmx1", after: "QVFIUkFm" } },
          },
        };
      },
    },
    {
      method: "GET",
      path: /^\/v1\.0\/(?<user>[^/]+)\/threads_insights$/,
      handle(req) {
        const a = ownUser(req, req.params.user);
        if (refused(a)) return a;
        const metrics = (req.query.get("metric") ?? "").split(",").filter(Boolean);
        const user = state.users.get(a.userId);
        const data = metrics
          .filter((m) => m === "followers_count")
          .map((name) => ({
            name,
            period: "day",
            title: "followers_count",
            description: "The number of followers on the profile.",
            total_value: { value: user?.followers ?? 0 },
            id: `${a.userId}/insights/${name}/day`,
          }));
        return { json: { data } };
      },
    },
    {
      method: "GET",
      path: /^\/v1\.0\/(?<media>\d+)\/insights$/,
      handle(req) {
        const a = authed(req);
        if (refused(a)) return a;
        const t = state.threads.get(req.params.media ?? "");
        if (!t || t.userId !== a.userId)
          return graphError(400, "Unsupported get request.", 100, { type: "GraphMethodException", subcode: 33 });
        const metrics = (req.query.get("metric") ?? "").split(",").filter(Boolean);
        const unknown = metrics.find((m) => !(m in t.insights));
        if (unknown)
          return graphError(
            400,
            `(#100) metric[0] must be one of the following values: views, likes, replies, reposts, quotes, shares`,
            100,
          );
        const data = metrics.map((name) => ({
          name,
          period: "lifetime",
          values: [{ value: t.insights[name] }],
          title: name,
          description: `The number of ${name} of the post.`,
          id: `${t.id}/insights/${name}/lifetime`,
        }));
        return { json: { data } };
      },
    },
    {
      method: "GET",
      path: /^\/v1\.0\/(?<id>\d+)$/,
      handle(req) {
        const a = authed(req);
        if (refused(a)) return a;
        const id = req.params.id ?? "";
        const fields = fieldsOf(req);
        const c = state.containers.get(id);
        if (c && c.userId === a.userId) {
          readContainer(c);
          return { json: containerAnswer(c, fields) };
        }
        const t = state.threads.get(id);
        if (t && t.userId === a.userId) return { json: threadAnswer(t, fields) };
        return graphError(
          400,
          `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          100,
          { type: "GraphMethodException", subcode: 33 },
        );
      },
    },
  ];
  return { routes, state };
}
