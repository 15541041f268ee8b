import { randomBytes } from "node:crypto";
import type { StubRequest, StubResponse, StubRoute } from "./stub-server";

// Instagram's content publishing API (Instagram API with Facebook Login, graph.facebook.com/<version>/…) as a stub,
// written from Meta's documentation:
// - POST /<ig-user-id>/media (image_url + alt_text + caption; media_type=REELS + video_url + share_to_feed;
//   is_carousel_item children; media_type=CAROUSEL + children + caption) → { id }:
//   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
//   and https://developers.facebook.com/docs/instagram-platform/content-publishing ("We cURL media used in publishing
//   attempts": the stub FETCHES image_url / video_url when the container is made; JPEG only for images).
// - GET /<container-id>?fields=status_code,status (IN_PROGRESS → FINISHED over `pollsUntilFinished` reads; ERROR,
//   EXPIRED on demand; PUBLISHED once published):
//   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
// - POST /<ig-user-id>/media_publish creation_id → { id } (the IG media id):
//   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
// - GET /<ig-user-id>/content_publishing_limit?fields=quota_usage,config → { data: [{ quota_usage, config: {
//   quota_total, quota_duration } }] }:
//   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
// - GET /<ig-user-id>/media (newest first), GET /<media-id>?fields=permalink,…, GET /<ig-user-id>?fields=followers_count:
//   https://developers.facebook.com/docs/instagram-platform/reference/instagram-media and …/reference/ig-user
// - GET /<media-id>/insights?metric=views,reach,likes,comments,shares,saved → { data: [{ name, period, values:
//   [{ value }], title, description, id }] }; "(#10) Not enough viewers" on demand; impressions refused (deprecated):
//   https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
// - Error bodies { error: { message, type, code, error_subcode, is_transient, error_user_title, error_user_msg,
//   fbtrace_id } } with Instagram's codes: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
//   and https://developers.facebook.com/docs/graph-api/guides/error-handling (190 bad token; 100/33 a node the token
//   cannot use — what a personal, non-professional account is to the Instagram API with Facebook Login).
// The access token comes as `access_token` (query or form) or `Authorization: Bearer`. One stub can serve several
// accounts; `instagramRoutes(state)` can join the Meta stub's server (the routes match only IG ids they know).

export type InstagramStubAccount = {
  igUserId: string;
  username: string;
  pageId: string;
  /** The Page access token the Meta login stored for this account. */
  accessToken: string;
  /** false: a personal account (every call on it is refused with 100/33). Default true. */
  professional?: boolean;
  followersCount?: number;
  /** content_publishing_limit: config.quota_total (default 100) and the current quota_usage (default 0). */
  quotaTotal?: number;
  quotaUsage?: number;
};

export type InstagramStubContainer = {
  id: string;
  igUserId: string;
  kind: "IMAGE" | "VIDEO" | "REELS" | "CAROUSEL";
  isCarouselItem: boolean;
  mediaUrl: string | null;
  altText: string | null;
  caption: string;
  children: string[];
  shareToFeed: boolean | null;
  statusCode: "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
  status: string;
  polls: number;
  /** What the container turns into after its polls: FINISHED unless planned otherwise. */
  outcome: "FINISHED" | "ERROR" | "EXPIRED";
  /** What the stub got when it fetched mediaUrl. */
  fetched: { status: number; contentType: string; bytes: number } | null;
};

export type InstagramStubMedia = {
  id: string;
  igUserId: string;
  containerId: string;
  mediaType: "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM";
  mediaProductType: "FEED" | "REELS";
  caption: string;
  timestamp: string;
  permalink: string;
  children: string[];
  altTexts: (string | null)[];
  insights: { views: number; reach: number; likes: number; comments: number; shares: number; saved: number };
};

export type InstagramStubState = {
  accounts: InstagramStubAccount[];
  containers: Map<string, InstagramStubContainer>;
  media: Map<string, InstagramStubMedia>;
  /** Status reads a new container stays IN_PROGRESS before it becomes its outcome (default 1). */
  pollsUntilFinished: number;
  /** Outcomes planned for the next containers made, one each, in order (e.g. ["ERROR"]). */
  nextContainerOutcomes: ("ERROR" | "EXPIRED")[];
  /** Media ids whose insights are withheld ("(#10) Not enough viewers"). */
  insightsWithheld: Set<string>;
  /** Every media fetch the stub made, in order. */
  fetches: { url: string; status: number; contentType: string; bytes: number }[];
};

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now() % 1_000_000_000}${String(++counter).padStart(6, "0")}`;
const shortcode = () => randomBytes(8).toString("base64url").slice(0, 11);

/** A Graph error answer (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
export function graphError(
  status: number,
  error: { message: string; code: number; error_subcode?: number; type?: string } & Record<string, unknown>,
): StubResponse {
  return {
    status,
    headers: { "www-authenticate": error.code === 190 ? 'OAuth "Facebook Platform" "invalid_token"' : "" },
    json: {
      error: {
        type: "OAuthException",
        is_transient: false,
        fbtrace_id: randomBytes(9).toString("base64url"),
        ...error,
      },
    },
  };
}

const BAD_TOKEN = () =>
  graphError(400, { message: "Invalid OAuth access token - Cannot parse access token", code: 190 });
const UNSUPPORTED = (method: string, id: string) =>
  graphError(400, {
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to ` +
      "missing permissions, or does not support this operation. Please read the Graph API documentation at " +
      "https://developers.facebook.com/docs/graph-api",
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });
const FETCH_FAILED = (url: string, why: string) =>
  graphError(400, {
    message: "Only photo or video can be accepted as media type.",
    code: 9004,
    error_subcode: 2207052,
    error_user_title: "Media download has failed",
    error_user_msg: `The media could not be fetched from this URI: ${url}. ${why}`,
  });

/** A fresh stub state serving `accounts`. */
export function createInstagramStubState(accounts: InstagramStubAccount[]): InstagramStubState {
  return {
    accounts,
    containers: new Map(),
    media: new Map(),
    pollsUntilFinished: 1,
    nextContainerOutcomes: [],
    insightsWithheld: new Set(),
    fetches: [],
  };
}

function param(req: StubRequest, name: string): string | null {
  return req.form?.get(name) ?? req.query.get(name);
}

function tokenOf(req: StubRequest): string | null {
  const auth = String(req.headers.authorization ?? "");
  const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth)?.[1];
  return bearer ?? param(req, "access_token");
}

async function fetchMedia(state: InstagramStubState, url: string) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: "follow" });
    const body = Buffer.from(await res.arrayBuffer());
    const got = { url, status: res.status, contentType: res.headers.get("content-type") ?? "", bytes: body.length };
    state.fetches.push(got);
    return got;
  } catch (err) {
    const got = { url, status: 0, contentType: "", bytes: 0 };
    state.fetches.push(got);
    return { ...got, error: (err as Error).message };
  }
}

function pick(fields: string | null, all: Record<string, unknown>, always: string[] = ["id"]): Record<string, unknown> {
  const wanted = (fields ?? "").split(",").filter(Boolean);
  const out: Record<string, unknown> = {};
  for (const name of [...always, ...wanted]) if (name in all) out[name] = all[name];
  return out;
}

function mediaFields(m: InstagramStubMedia): Record<string, unknown> {
  return {
    id: m.id,
    caption: m.caption || undefined,
    media_type: m.mediaType,
    media_product_type: m.mediaProductType,
    timestamp: m.timestamp,
    permalink: m.permalink,
    like_count: m.insights.likes,
    comments_count: m.insights.comments,
    username: undefined,
  };
}

/**
 * The stub's routes over `state`: paths under /v<major>.<minor>/<id>, matching only the ids `state` knows (its
 * accounts, containers and media), so other ids fall through to the Meta stub's routes on a shared server.
 */
export function instagramRoutes(state: InstagramStubState): StubRoute[] {
  const account = (id: string) => state.accounts.find((a) => a.igUserId === id);

  /** The account `req` acts on, or the refusal: a bad token (190), or a node the token cannot use (100/33). */
  function authorise(req: StubRequest, igUserId: string): InstagramStubAccount | StubResponse {
    const acct = account(igUserId);
    const token = tokenOf(req);
    if (!token || !state.accounts.some((a) => a.accessToken === token)) return BAD_TOKEN();
    if (!acct || acct.accessToken !== token || acct.professional === false) return UNSUPPORTED(req.method, igUserId);
    return acct;
  }
  const refused = (x: InstagramStubAccount | StubResponse): x is StubResponse => !("igUserId" in x);

  async function createMedia(req: StubRequest, acct: InstagramStubAccount): Promise<StubResponse> {
    const mediaType = param(req, "media_type") ?? "IMAGE";
    const isCarouselItem = param(req, "is_carousel_item") === "true";
    const caption = param(req, "caption") ?? "";
    const container: InstagramStubContainer = {
      id: nextId("1790"),
      igUserId: acct.igUserId,
      kind: "IMAGE",
      isCarouselItem,
      mediaUrl: null,
      altText: param(req, "alt_text"),
      caption,
      children: [],
      shareToFeed: null,
      statusCode: "IN_PROGRESS",
      status: "In Progress: Media is still being processed.",
      polls: 0,
      outcome: "FINISHED",
      fetched: null,
    };
    if (mediaType === "CAROUSEL") {
      const children = (param(req, "children") ?? "").split(",").filter(Boolean);
      if (children.length < 2 || children.length > 10) {
        return graphError(400, { message: "(#100) The carousel must have between 2 and 10 children.", code: 100 });
      }
      for (const childId of children) {
        const child = state.containers.get(childId);
        if (!child || child.igUserId !== acct.igUserId || !child.isCarouselItem || child.statusCode !== "FINISHED") {
          return graphError(400, {
            message: `(#100) Param children contains a container that is not a finished carousel item: ${childId}`,
            code: 100,
          });
        }
      }
      container.kind = "CAROUSEL";
      container.children = children;
    } else if (mediaType === "REELS" || mediaType === "VIDEO") {
      const url = param(req, "video_url");
      if (!url) return graphError(400, { message: "(#100) The parameter video_url is required", code: 100 });
      container.kind = mediaType === "REELS" ? "REELS" : "VIDEO";
      container.mediaUrl = url;
      container.shareToFeed = mediaType === "REELS" ? param(req, "share_to_feed") === "true" : null;
      const got = await fetchMedia(state, url);
      container.fetched = got;
      if (got.status !== 200 || !/^video\/(mp4|quicktime)/.test(got.contentType)) {
        // Videos are fetched while the container is processed: the failure shows as its status.
        container.outcome = "ERROR";
      }
    } else if (mediaType === "IMAGE") {
      const url = param(req, "image_url");
      if (!url) return graphError(400, { message: "(#100) The parameter image_url is required", code: 100 });
      container.mediaUrl = url;
      const got = await fetchMedia(state, url);
      container.fetched = got;
      if (got.status !== 200) return FETCH_FAILED(url, `It answered HTTP ${got.status || "nothing"}.`);
      if (!got.contentType.startsWith("image/jpeg")) {
        return graphError(400, {
          message: "The image format is not supported.",
          code: 36001,
          error_subcode: 2207005,
          error_user_title: "Unsupported format",
          error_user_msg: `The image format is not supported (${got.contentType}): use JPEG.`,
        });
      }
    } else {
      return graphError(400, { message: `(#100) media_type ${mediaType} is not supported`, code: 100 });
    }
    const planned = state.nextContainerOutcomes.shift();
    if (planned) container.outcome = planned;
    state.containers.set(container.id, container);
    return { json: { id: container.id } };
  }

  function readContainer(c: InstagramStubContainer, fields: string | null): StubResponse {
    if (c.statusCode === "IN_PROGRESS") {
      c.polls += 1;
      if (c.polls >= state.pollsUntilFinished) {
        c.statusCode = c.outcome;
        c.status =
          c.outcome === "FINISHED"
            ? "Finished: Media has been uploaded and it is complete."
            : c.outcome === "EXPIRED"
              ? "Expired: the container was not published within 24 hours."
              : c.fetched && c.fetched.status !== 200
                ? `Error: Media download has failed. The media URI doesn't meet our requirements. (2207052)`
                : "Error: The media could not be processed.";
      }
    }
    return { json: pick(fields, { id: c.id, status_code: c.statusCode, status: c.status }) };
  }

  function publish(req: StubRequest, acct: InstagramStubAccount): StubResponse {
    const id = param(req, "creation_id") ?? "";
    const c = state.containers.get(id);
    if (!c || c.igUserId !== acct.igUserId || c.isCarouselItem) {
      return graphError(400, { message: `(#100) Param creation_id is not a container of this user: ${id}`, code: 100 });
    }
    if ((acct.quotaUsage ?? 0) >= (acct.quotaTotal ?? 100)) {
      return graphError(400, {
        message: "Application request limit reached",
        code: 9,
        error_subcode: 2207042,
        error_user_title: "Maximum number of posts reached",
        error_user_msg:
          "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
      });
    }
    if (c.statusCode === "IN_PROGRESS") {
      return graphError(400, {
        message: "Media ID is not available",
        code: 9007,
        error_subcode: 2207027,
        error_user_title: "Media not ready",
        error_user_msg: "The media is not ready for publishing, please wait for a moment",
      });
    }
    if (c.statusCode === "EXPIRED") {
      return graphError(400, {
        message: "The media you are trying to access has expired. Please try to upload again.",
        code: -2,
        error_subcode: 2207020,
      });
    }
    if (c.statusCode === "ERROR") {
      return graphError(400, {
        message: "Create media fail, please try to re-create media",
        code: -1,
        error_subcode: 2207032,
      });
    }
    // A PUBLISHED container is published again on purpose: a second media is what a test must catch.
    const children = c.children.map((childId) => state.containers.get(childId));
    const reel = c.kind === "REELS" || c.kind === "VIDEO";
    const media: InstagramStubMedia = {
      id: nextId("1791"),
      igUserId: acct.igUserId,
      containerId: c.id,
      mediaType: c.kind === "CAROUSEL" ? "CAROUSEL_ALBUM" : reel ? "VIDEO" : "IMAGE",
      mediaProductType: reel ? "REELS" : "FEED",
      caption: c.caption,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "+0000"),
      permalink: `https://www.instagram.com/${reel ? "reel" : "p"}/${shortcode()}/`,
      children: c.children,
      altTexts: c.kind === "CAROUSEL" ? children.map((ch) => ch?.altText ?? null) : [c.altText],
      insights: { views: 120, reach: 90, likes: 12, comments: 3, shares: 2, saved: 5 },
    };
    state.media.set(media.id, media);
    c.statusCode = "PUBLISHED";
    c.status = "Published: Media has been published.";
    acct.quotaUsage = (acct.quotaUsage ?? 0) + 1;
    return { json: { id: media.id } };
  }

  /** Whether `id` is an IG user, container or media of this stub. */
  const known = (id: string) => Boolean(account(id) || state.containers.has(id) || state.media.has(id));
  /**
   * /v<version>/<id><rest>, matching only ids this stub knows: on a server shared with the Meta stub, other ids
   * (Pages, users) fall through to its routes.
   */
  const node = (rest: string) => {
    class KnownNode extends RegExp {
      override exec(path: string) {
        const m = super.exec(path);
        return m && known(m.groups?.id ?? "") ? m : null;
      }
    }
    return new KnownNode(`^/v\\d+\\.\\d+/(?<id>\\d+)${rest}$`);
  };
  const knownUser = (req: StubRequest) => account(req.params.id ?? "");

  return [
    {
      method: "POST",
      path: node("/media"),
      async handle(req) {
        const acct = authorise(req, req.params.id ?? "");
        return refused(acct) ? acct : createMedia(req, acct);
      },
    },
    {
      method: "POST",
      path: node("/media_publish"),
      handle(req) {
        const acct = authorise(req, req.params.id ?? "");
        return refused(acct) ? acct : publish(req, acct);
      },
    },
    {
      method: "GET",
      path: node("/content_publishing_limit"),
      handle(req) {
        const acct = authorise(req, req.params.id ?? "");
        if (refused(acct)) return acct;
        const fields = (req.query.get("fields") ?? "quota_usage").split(",");
        const row: Record<string, unknown> = { quota_usage: acct.quotaUsage ?? 0 };
        if (fields.includes("config")) row.config = { quota_total: acct.quotaTotal ?? 100, quota_duration: 86400 };
        return { json: { data: [row] } };
      },
    },
    {
      method: "GET",
      path: node("/media"),
      handle(req) {
        const acct = authorise(req, req.params.id ?? "");
        if (refused(acct)) return acct;
        const limit = Math.min(100, Number(req.query.get("limit") ?? 25) || 25);
        const mine = [...state.media.values()].filter((m) => m.igUserId === acct.igUserId).reverse();
        const data = mine.slice(0, limit).map((m) => pick(req.query.get("fields"), mediaFields(m)));
        return { json: { data, paging: { cursors: { before: "QVFI", after: "QVFJ" } } } };
      },
    },
    {
      method: "GET",
      path: node("/insights"),
      handle(req) {
        const m = state.media.get(req.params.id ?? "");
        if (!m) return UNSUPPORTED("GET", req.params.id ?? "");
        const acct = authorise(req, m.igUserId);
        if (refused(acct)) return acct;
        if (state.insightsWithheld.has(m.id)) {
          return graphError(400, { message: "(#10) Not enough viewers for the media to show insights", code: 10 });
        }
        const names = (req.query.get("metric") ?? "").split(",").filter(Boolean);
        const known = m.insights as Record<string, number>;
        const unknown = names.find((n) => !(n in known));
        if (unknown) {
          return graphError(400, {
            message: `(#100) metric[0] must be one of the following values: ${Object.keys(known).join(", ")}`,
            code: 100,
          });
        }
        const data = names.map((name) => ({
          name,
          period: "lifetime",
          values: [{ value: known[name] }],
          title: name,
          description: `${name} of the media`,
          id: `${m.id}/insights/${name}/lifetime`,
        }));
        return { json: { data } };
      },
    },
    {
      method: "GET",
      path: node(""),
      handle(req) {
        const id = req.params.id ?? "";
        const fields = req.query.get("fields");
        const container = state.containers.get(id);
        if (container) {
          const acct = authorise(req, container.igUserId);
          return refused(acct) ? acct : readContainer(container, fields);
        }
        const media = state.media.get(id);
        if (media) {
          const acct = authorise(req, media.igUserId);
          return refused(acct) ? acct : { json: pick(fields, mediaFields(media)) };
        }
        if (knownUser(req)) {
          const acct = authorise(req, id);
          if (refused(acct)) return acct;
          return {
            json: pick(fields, {
              id: acct.igUserId,
              username: acct.username,
              followers_count: acct.followersCount ?? 0,
              media_count: [...state.media.values()].filter((m) => m.igUserId === acct.igUserId).length,
            }),
          };
        }
        return UNSUPPORTED("GET", id);
      },
    },
  ];
}

/** A stub of Instagram for `accounts`: its routes (for startStubServer) and its state (for tests to count). */
export function createInstagramStub(accounts: InstagramStubAccount[]) {
  const state = createInstagramStubState(accounts);
  return { routes: instagramRoutes(state), state };
}

/**
 * The part of the Meta stub's state (tests/stubs/meta.ts, `createMetaStub`) the Instagram routes need: its linked
 * Instagram professional accounts and the long-lived Page tokens the Meta login stores for them.
 */
export type MetaStubLike = {
  igAccounts(): { id: string; username: string; followersCount: number; pageId: string }[];
  pageToken(pageId: string, long: boolean): string;
};

/**
 * For `createMetaStub({ extraRoutes: instagramRoutesForMeta })`: one server for Facebook and Instagram, the
 * Instagram accounts being the Meta stub's linked ones with their Pages' long-lived tokens. Returns the routes; the
 * Instagram state is on `routes.instagram` for tests to count.
 */
export function instagramRoutesForMeta(meta: MetaStubLike): StubRoute[] & { instagram: InstagramStubState } {
  const state = createInstagramStubState(
    meta.igAccounts().map((ig) => ({
      igUserId: ig.id,
      username: ig.username,
      pageId: ig.pageId,
      accessToken: meta.pageToken(ig.pageId, true),
      followersCount: ig.followersCount,
    })),
  );
  return Object.assign(instagramRoutes(state), { instagram: state });
}
