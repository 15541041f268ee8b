import { createHash, randomBytes } from "node:crypto";
import { consentPage, type StubRequest, type StubResponse, type StubRoute } from "./stub-server";

// A stub of the X API v2 and X's OAuth 2.0 pages, written from X's documented contract:
// - GET  /i/oauth2/authorize — the consent page (https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token,
//   step 2): client_id, redirect_uri, response_type=code, scope, state, code_challenge, code_challenge_method.
// - POST /2/oauth2/token — application/x-www-form-urlencoded; a confidential client authenticates with HTTP Basic
//   (Client ID : Client Secret) (same page, "Working with confidential clients", step 3 and 5);
//   grant_type=authorization_code (code, redirect_uri, code_verifier checked against the S256 challenge, RFC 7636
//   §4.6) and grant_type=refresh_token (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code,
//   "Refresh tokens"): each refresh token works once and the answer carries a new one. Answers
//   { token_type: "bearer", expires_in: 7200, access_token, scope, refresh_token }; a bad code or token: 400
//   { error: "invalid_request", error_description: "Value passed for the token was invalid." }.
// - GET  /2/users/me (https://docs.x.com/x-api/users/get-my-user): { data: { id, name, username, profile_image_url?,
//   public_metrics? } } by user.fields.
// - POST /2/tweets (https://docs.x.com/x-api/posts/create-post): { text?, media?: { media_ids } } → 201
//   { data: { id, text, edit_history_tweet_ids } }; text repeating one of the author's posts → 403 "You are not
//   allowed to create a Tweet with duplicate content."; unknown or unprocessed media ids → 400 invalid-request.
// - GET  /2/tweets/:id (https://docs.x.com/x-api/posts/get-post-by-id, https://docs.x.com/x-api/fundamentals/metrics):
//   public_metrics, and non_public_metrics / organic_metrics for the author's own posts of the last 30 days only;
//   otherwise a 200 whose `errors` holds a "Field Authorization Error" and whose data lacks them. An unknown id: 200
//   with errors [{ title: "Not Found Error", … }] and no data.
// - GET  /2/users/:id/tweets (https://docs.x.com/x-api/users/get-posts): newest first, start_time, max_results,
//   exclude, tweet.fields=created_at,attachments; { data?, meta: { result_count, newest_id?, oldest_id? } }.
// - Media, v2 chunked upload (https://docs.x.com/x-api/media/quickstart/media-upload-chunked):
//   POST /2/media/upload/initialize (JSON media_type, total_bytes, media_category) → { data: { id, media_key,
//   expires_after_secs } }; POST /2/media/upload/:id/append (multipart: segment_index, media) → 2xx, empty;
//   POST /2/media/upload/:id/finalize → { data: { id, media_key, size, expires_after_secs, processing_info? } }
//   (processing_info for video and GIF: pending, check_after_secs); GET /2/media/upload?command=STATUS&media_id=
//   → processing_info.state pending → in_progress → succeeded | failed (error { code, name, message }).
//   POST /2/media/metadata (https://docs.x.com/x-api/media/metadata-create): { id, metadata: { alt_text: { text } } }.
// - Errors (https://docs.x.com/x-api/fundamentals/response-codes-and-errors): problem JSON { title, detail, type,
//   status }; 401 { title: "Unauthorized", detail: "Unauthorized", type: "about:blank" }. Every /2 answer carries
//   x-rate-limit-limit / -remaining / -reset (Unix seconds) (https://docs.x.com/x-api/fundamentals/rate-limits).

export type XStubUser = {
  id: string;
  username: string;
  name: string;
  profile_image_url: string;
  followers: number;
};

export type XStubMetrics = {
  impression_count: number;
  like_count: number;
  reply_count: number;
  retweet_count: number;
  quote_count: number;
  bookmark_count: number;
  url_link_clicks: number;
  user_profile_clicks: number;
};

export type XStubPost = {
  id: string;
  authorId: string;
  text: string;
  createdAt: Date;
  mediaIds: string[];
  metrics: XStubMetrics;
};

export type XStubMedia = {
  id: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  finalized: boolean;
  /** "succeeded" for images at finalize; videos and GIFs go pending → in_progress → succeeded after polls. */
  state: "uploading" | "pending" | "in_progress" | "succeeded" | "failed";
  statusPolls: number;
  altText: string | null;
};

export type XStubState = {
  app: { clientId: string; clientSecret: string };
  users: Map<string, XStubUser>;
  /** The user the consent page logs in (the first one unless a test changes it). */
  loginUserId: string;
  codes: Map<string, { userId: string; challenge: string; redirectUri: string; scope: string; used: boolean }>;
  accessTokens: Map<string, { userId: string; scope: string; expiresAt: number }>;
  refreshTokens: Map<string, { userId: string; scope: string }>;
  posts: XStubPost[];
  media: Map<string, XStubMedia>;
  /** Status polls a video/GIF stays processing; `failProcessing`: ends in "failed" instead. */
  processingPolls: number;
  failProcessing: boolean;
  /** Tokens for `userId`, as a finished login would give them (tests seed channels with these). */
  issueTokens(userId: string, opts?: { expiresInSec?: number }): { accessToken: string; refreshToken: string };
  /** The posts of `userId`, oldest first. */
  postsOf(userId: string): XStubPost[];
};

const SCOPES = "tweet.read tweet.write users.read media.write offline.access";
const ACCESS_TOKEN_SECONDS = 7200;
const MEDIA_EXPIRES_SECONDS = 86_400;
const INVALID_REQUEST = "https://api.twitter.com/2/problems/invalid-request";

/** The public and non-public metrics of a post nobody has seen yet (every count 0). */
export const zeroMetrics = (): XStubMetrics => ({
  impression_count: 0,
  like_count: 0,
  reply_count: 0,
  retweet_count: 0,
  quote_count: 0,
  bookmark_count: 0,
  url_link_clicks: 0,
  user_profile_clicks: 0,
});

/**
 * The fields of a multipart/form-data body (RFC 7578) by name, as raw bytes: a file part may come without a
 * filename (twitter-api-v2 sends `media` so), which WHATWG FormData would decode as text.
 */
function multipartParts(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const parts = new Map<string, Buffer>();
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The part sits between the CRLF after the delimiter and the CRLF before the next one.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = part.subarray(0, split).toString("utf8");
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) parts.set(name, Buffer.from(part.subarray(split + 4)));
    }
    at = next;
  }
  return parts;
}

/**
 * A fresh X stub: one user (@cadence_stub) unless `users` are given, the app `clientId` / `clientSecret`, and the
 * routes serving them (tests/stubs/stub-server.ts runs them). `state` lets tests count posts and uploads and seed
 * tokens. `now` is the stub's clock (created_at, token expiry).
 */
export function createXStub({
  clientId = "x-stub-client",
  clientSecret = "x-stub-secret",
  users = [{ id: "1500000000000000001", username: "cadence_stub", name: "Cadence Stub", followers: 1234 }],
  now = () => new Date(),
}: {
  clientId?: string;
  clientSecret?: string;
  users?: { id: string; username: string; name: string; followers?: number }[];
  now?: () => Date;
} = {}): { routes: StubRoute[]; state: XStubState } {
  let nextId = 1_860_000_000_000_000_000n;
  const newId = () => String(nextId++);
  const token = () => randomBytes(24).toString("base64url");

  const state: XStubState = {
    app: { clientId, clientSecret },
    users: new Map(
      users.map((u) => [
        u.id,
        {
          id: u.id,
          username: u.username,
          name: u.name,
          profile_image_url: `https://pbs.twimg.com/profile_images/${u.id}/avatar_normal.jpg`,
          followers: u.followers ?? 0,
        },
      ]),
    ),
    loginUserId: users[0]?.id ?? "",
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    posts: [],
    media: new Map(),
    processingPolls: 1,
    failProcessing: false,
    issueTokens(userId, { expiresInSec = ACCESS_TOKEN_SECONDS } = {}) {
      const accessToken = token();
      const refreshToken = token();
      state.accessTokens.set(accessToken, { userId, scope: SCOPES, expiresAt: now().getTime() + expiresInSec * 1000 });
      state.refreshTokens.set(refreshToken, { userId, scope: SCOPES });
      return { accessToken, refreshToken };
    },
    postsOf: (userId) => state.posts.filter((p) => p.authorId === userId),
  };

  const rateHeaders = (): Record<string, string> => ({
    "x-rate-limit-limit": "100",
    "x-rate-limit-remaining": "99",
    "x-rate-limit-reset": String(Math.floor(now().getTime() / 1000) + 900),
  });
  const answer = (status: number, json?: unknown): StubResponse =>
    json === undefined ? { status, headers: rateHeaders() } : { status, headers: rateHeaders(), json };
  const problem = (status: number, title: string, detail: string, type = "about:blank", extra = {}): StubResponse => ({
    status,
    headers: { ...rateHeaders(), "content-type": "application/problem+json" },
    json: { title, detail, type, status, ...extra },
  });
  const invalid = (detail: string, message: string, parameters: Record<string, string[]> = {}) =>
    problem(400, "Invalid Request", detail, INVALID_REQUEST, { errors: [{ parameters, message }] });
  const tokenError = (status: number, error: string, description: string): StubResponse => ({
    status,
    json: { error, error_description: description },
  });

  /** The user of the request's Bearer token, or the 401 X answers. */
  function authorize(req: StubRequest): XStubUser | StubResponse {
    const header = String(req.headers.authorization ?? "");
    const bearer = header.startsWith("Bearer ") ? header.slice(7) : "";
    const held = state.accessTokens.get(bearer);
    if (!held || held.expiresAt <= now().getTime()) return problem(401, "Unauthorized", "Unauthorized");
    return state.users.get(held.userId) ?? problem(401, "Unauthorized", "Unauthorized");
  }
  const authed =
    (handle: (req: StubRequest, user: XStubUser) => StubResponse | Promise<StubResponse>) => (req: StubRequest) => {
      const user = authorize(req);
      return "id" in user ? handle(req, user) : user;
    };

  function fieldsOf(req: StubRequest, name: string): Set<string> {
    return new Set((req.query.get(name) ?? "").split(",").filter(Boolean));
  }

  function userJson(user: XStubUser, fields: Set<string>) {
    return {
      id: user.id,
      name: user.name,
      username: user.username,
      ...(fields.has("profile_image_url") ? { profile_image_url: user.profile_image_url } : {}),
      ...(fields.has("public_metrics")
        ? { public_metrics: { followers_count: user.followers, following_count: 10, tweet_count: 5, listed_count: 0 } }
        : {}),
    };
  }

  function postJson(post: XStubPost, fields: Set<string>) {
    const m = post.metrics;
    return {
      id: post.id,
      text: post.text,
      edit_history_tweet_ids: [post.id],
      ...(fields.has("created_at") ? { created_at: post.createdAt.toISOString() } : {}),
      ...(fields.has("author_id") ? { author_id: post.authorId } : {}),
      ...(fields.has("attachments") && post.mediaIds.length > 0
        ? { attachments: { media_keys: post.mediaIds.map((id) => `3_${id}`) } }
        : {}),
      ...(fields.has("public_metrics")
        ? {
            public_metrics: {
              retweet_count: m.retweet_count,
              reply_count: m.reply_count,
              like_count: m.like_count,
              quote_count: m.quote_count,
              bookmark_count: m.bookmark_count,
              impression_count: m.impression_count,
            },
          }
        : {}),
    };
  }

  function basicAuthOk(req: StubRequest): boolean {
    const header = String(req.headers.authorization ?? "");
    if (!header.startsWith("Basic ")) return false;
    const [id, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return decodeURIComponent(id ?? "") === clientId && decodeURIComponent(secret ?? "") === clientSecret;
  }

  function issueFor(userId: string, scope: string) {
    const { accessToken, refreshToken } = state.issueTokens(userId);
    return {
      status: 200,
      json: {
        token_type: "bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        access_token: accessToken,
        scope,
        refresh_token: refreshToken,
      },
    };
  }

  const routes: StubRoute[] = [
    {
      method: "GET",
      path: "/i/oauth2/authorize",
      handle: (req) => {
        const q = req.query;
        if (q.get("client_id") !== clientId || q.get("response_type") !== "code") {
          return { status: 400, body: "Something went wrong: unknown client_id or response_type is not code" };
        }
        if (!q.get("code_challenge") || q.get("code_challenge_method") !== "S256") {
          return { status: 400, body: "Something went wrong: code_challenge with code_challenge_method=S256 required" };
        }
        return consentPage(req, (query) => {
          const code = token();
          state.codes.set(code, {
            userId: state.loginUserId,
            challenge: query.get("code_challenge") ?? "",
            redirectUri: query.get("redirect_uri") ?? "",
            scope: query.get("scope") ?? "",
            used: false,
          });
          return code;
        });
      },
    },
    {
      method: "POST",
      path: "/2/oauth2/token",
      handle: (req) => {
        if (!req.form) return tokenError(400, "invalid_request", "Missing required parameter [grant_type].");
        if (!basicAuthOk(req)) return tokenError(401, "unauthorized_client", "Missing valid authorization header");
        const f = req.form;
        if (f.get("grant_type") === "authorization_code") {
          const code = state.codes.get(f.get("code") ?? "");
          const verifier = f.get("code_verifier") ?? "";
          const s256 = createHash("sha256").update(verifier).digest("base64url");
          if (!code || code.used || code.redirectUri !== f.get("redirect_uri") || code.challenge !== s256) {
            return tokenError(400, "invalid_request", "Value passed for the authorization code was invalid.");
          }
          code.used = true;
          return issueFor(code.userId, code.scope);
        }
        if (f.get("grant_type") === "refresh_token") {
          const held = state.refreshTokens.get(f.get("refresh_token") ?? "");
          if (!held) return tokenError(400, "invalid_request", "Value passed for the token was invalid.");
          state.refreshTokens.delete(f.get("refresh_token") ?? "");
          return issueFor(held.userId, held.scope);
        }
        return tokenError(400, "unsupported_grant_type", "Value passed for the grant type was invalid.");
      },
    },
    {
      method: "GET",
      path: "/2/users/me",
      handle: authed((req, user) => answer(200, { data: userJson(user, fieldsOf(req, "user.fields")) })),
    },
    {
      method: "POST",
      path: "/2/tweets",
      handle: authed((req, user) => {
        const body = (req.json ?? {}) as { text?: unknown; media?: { media_ids?: unknown } };
        const text = typeof body.text === "string" ? body.text : "";
        const ids = Array.isArray(body.media?.media_ids) ? (body.media.media_ids as unknown[]).map(String) : [];
        if (text === "" && ids.length === 0) {
          return invalid("One or more parameters to your request was invalid.", "Tweet text or media is required.");
        }
        const bad = ids.filter((id) => {
          const m = state.media.get(id);
          return !m || m.ownerId !== user.id || !m.finalized || m.state !== "succeeded";
        });
        if (bad.length > 0 || ids.length > 4) {
          return invalid("One or more parameters to your request was invalid.", "Your media IDs are invalid.", {
            "media.media_ids": ids,
          });
        }
        if (text !== "" && state.postsOf(user.id).some((p) => p.text === text)) {
          return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
        }
        const post: XStubPost = {
          id: newId(),
          authorId: user.id,
          text,
          createdAt: now(),
          mediaIds: ids,
          metrics: zeroMetrics(),
        };
        state.posts.push(post);
        return answer(201, { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } });
      }),
    },
    {
      method: "GET",
      path: /^\/2\/tweets\/(?<id>\d+)$/,
      handle: authed((req, user) => {
        const post = state.posts.find((p) => p.id === req.params.id);
        if (!post) {
          return answer(200, {
            errors: [
              {
                value: req.params.id,
                detail: `Could not find tweet with id: [${req.params.id}].`,
                title: "Not Found Error",
                resource_type: "tweet",
                parameter: "id",
                resource_id: req.params.id,
                type: "https://api.twitter.com/2/problems/resource-not-found",
              },
            ],
          });
        }
        const fields = fieldsOf(req, "tweet.fields");
        const data: Record<string, unknown> = postJson(post, fields);
        const errors: unknown[] = [];
        const privateAllowed =
          post.authorId === user.id && now().getTime() - post.createdAt.getTime() < 30 * 86_400_000;
        for (const field of ["non_public_metrics", "organic_metrics"]) {
          if (!fields.has(field)) continue;
          if (!privateAllowed) {
            errors.push({
              value: post.id,
              detail: `Sorry, you are not authorized to access '${field}' on the Tweet with ids: [${post.id}].`,
              title: "Field Authorization Error",
              resource_type: "tweet",
              parameter: "tweet.fields",
              section: "data",
              field,
              type: "https://api.twitter.com/2/problems/not-authorized-for-field",
            });
            continue;
          }
          const m = post.metrics;
          data[field] =
            field === "non_public_metrics"
              ? {
                  impression_count: m.impression_count,
                  url_link_clicks: m.url_link_clicks,
                  user_profile_clicks: m.user_profile_clicks,
                }
              : {
                  impression_count: m.impression_count,
                  like_count: m.like_count,
                  reply_count: m.reply_count,
                  retweet_count: m.retweet_count,
                  url_link_clicks: m.url_link_clicks,
                  user_profile_clicks: m.user_profile_clicks,
                };
        }
        return answer(200, errors.length > 0 ? { data, errors } : { data });
      }),
    },
    {
      method: "GET",
      path: /^\/2\/users\/(?<id>\d+)\/tweets$/,
      handle: authed((req) => {
        const since = req.query.get("start_time")
          ? Date.parse(req.query.get("start_time") ?? "")
          : Number.NEGATIVE_INFINITY;
        const max = Math.min(100, Math.max(5, Number(req.query.get("max_results") ?? 10)));
        const fields = fieldsOf(req, "tweet.fields");
        const posts = state
          .postsOf(req.params.id ?? "")
          .filter((p) => p.createdAt.getTime() >= since)
          .reverse()
          .slice(0, max);
        if (posts.length === 0) return answer(200, { meta: { result_count: 0 } });
        return answer(200, {
          data: posts.map((p) => postJson(p, fields)),
          meta: { result_count: posts.length, newest_id: posts[0]?.id, oldest_id: posts.at(-1)?.id },
        });
      }),
    },
    {
      method: "POST",
      path: "/2/media/upload/initialize",
      handle: authed((req, user) => {
        const body = (req.json ?? {}) as { media_type?: unknown; total_bytes?: unknown; media_category?: unknown };
        const mediaType = String(body.media_type ?? "");
        const total = Number(body.total_bytes);
        const category = String(body.media_category ?? "tweet_image");
        if (!/^(image\/(jpeg|png|webp|gif)|video\/(mp4|quicktime))$/.test(mediaType)) {
          return invalid("One or more parameters to your request was invalid.", `Unsupported media_type ${mediaType}.`);
        }
        if (!Number.isInteger(total) || total <= 0) {
          return invalid(
            "One or more parameters to your request was invalid.",
            "total_bytes must be a positive integer.",
          );
        }
        const id = newId();
        state.media.set(id, {
          id,
          ownerId: user.id,
          mediaType,
          category,
          totalBytes: total,
          segments: new Map(),
          finalized: false,
          state: "uploading",
          statusPolls: 0,
          altText: null,
        });
        return answer(200, { data: { id, media_key: `3_${id}`, expires_after_secs: MEDIA_EXPIRES_SECONDS } });
      }),
    },
    {
      method: "POST",
      path: /^\/2\/media\/upload\/(?<id>\d+)\/append$/,
      handle: authed((req, user) => {
        const media = state.media.get(req.params.id ?? "");
        if (!media || media.ownerId !== user.id || media.finalized) {
          return invalid("One or more parameters to your request was invalid.", "Invalid media id.");
        }
        const type = String(req.headers["content-type"] ?? "");
        if (!type.startsWith("multipart/form-data")) {
          return invalid("One or more parameters to your request was invalid.", "Expected multipart/form-data.");
        }
        const parts = multipartParts(req.body, type);
        const index = Number(parts.get("segment_index")?.toString("utf8"));
        const chunk = parts.get("media");
        if (!Number.isInteger(index) || index < 0 || index > 999 || !chunk) {
          return invalid(
            "One or more parameters to your request was invalid.",
            "segment_index and media are required.",
          );
        }
        media.segments.set(index, chunk);
        return { status: 204, headers: rateHeaders() };
      }),
    },
    {
      method: "POST",
      path: /^\/2\/media\/upload\/(?<id>\d+)\/finalize$/,
      handle: authed((req, user) => {
        const media = state.media.get(req.params.id ?? "");
        if (!media || media.ownerId !== user.id) {
          return invalid("One or more parameters to your request was invalid.", "Invalid media id.");
        }
        const size = [...media.segments.values()].reduce((n, b) => n + b.length, 0);
        if (size !== media.totalBytes) {
          return invalid(
            "One or more parameters to your request was invalid.",
            `File size mismatch: received ${size} bytes of ${media.totalBytes}.`,
          );
        }
        media.finalized = true;
        const processed = media.category === "tweet_video" || media.category === "tweet_gif";
        media.state = processed ? "pending" : "succeeded";
        return answer(200, {
          data: {
            id: media.id,
            media_key: `3_${media.id}`,
            size,
            expires_after_secs: MEDIA_EXPIRES_SECONDS,
            ...(processed ? { processing_info: { state: "pending", check_after_secs: 1 } } : {}),
          },
        });
      }),
    },
    {
      method: "GET",
      path: "/2/media/upload",
      handle: authed((req, user) => {
        const media = state.media.get(req.query.get("media_id") ?? "");
        if (req.query.get("command") !== "STATUS" || !media || media.ownerId !== user.id || !media.finalized) {
          return invalid("One or more parameters to your request was invalid.", "Invalid media id.");
        }
        if (media.state === "pending" || media.state === "in_progress") {
          media.statusPolls += 1;
          media.state =
            media.statusPolls >= state.processingPolls
              ? state.failProcessing
                ? "failed"
                : "succeeded"
              : "in_progress";
        }
        const info =
          media.state === "failed"
            ? {
                state: "failed",
                progress_percent: 12,
                error: { code: 1, name: "InvalidMedia", message: "Unsupported video format" },
              }
            : media.state === "succeeded"
              ? { state: "succeeded", progress_percent: 100 }
              : { state: media.state, check_after_secs: 1, progress_percent: 50 };
        return answer(200, {
          data: {
            id: media.id,
            media_key: `3_${media.id}`,
            expires_after_secs: MEDIA_EXPIRES_SECONDS,
            processing_info: info,
          },
        });
      }),
    },
    {
      method: "POST",
      path: "/2/media/metadata",
      handle: authed((req, user) => {
        const body = (req.json ?? {}) as { id?: unknown; metadata?: { alt_text?: { text?: unknown } } };
        const media = state.media.get(String(body.id ?? ""));
        const text = body.metadata?.alt_text?.text;
        if (!media || media.ownerId !== user.id) {
          return invalid("One or more parameters to your request was invalid.", "Invalid media id.");
        }
        if (typeof text !== "string" || text.length > 1000) {
          return invalid(
            "One or more parameters to your request was invalid.",
            "alt_text.text must be at most 1000 characters.",
          );
        }
        media.altText = text;
        return answer(200, { data: { id: media.id, associated_metadata: { alt_text: { text } } } });
      }),
    },
  ];
  return { routes, state };
}
