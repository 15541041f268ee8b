import { isIP } from "node:net";
import { z } from "zod";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { META_GRAPH_VERSION } from "@/lib/publishing/networks/meta/graph-version";

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting Cadence reads. README "Configuration" documents each one. */
const envSchema = z
  .object({
    DATABASE_URL: z.string().url(),
    REDIS_URL: z.string().url(),
    MONGODB_URL: z.string().url(),
    /** 32 random bytes, base64: encrypts channel credentials at rest (AES-256-GCM). */
    CREDENTIALS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes encoded as base64"),
    PUBLISH_QUEUE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
      .default("cadence-publish"),
    SWEEP_EVERY_MS: int(5 * 60_000),
    /**
     * How often each worker checks that the sweeper's job scheduler still exists in Redis (it is gone after a
     * FLUSHALL or a failover to an empty replica); a missing one is put back and a sweep runs at once.
     */
    SCHEDULER_CHECK_MS: int(60_000),
    PUBLISH_LEASE_MS: int(30_000),
    WORKER_CONCURRENCY: int(50),
    PUBLISH_PREWAKE_MS: z.coerce.number().int().min(0).default(200),
    PUBLISH_MAX_ATTEMPTS: int(8),
    PUBLISH_BACKOFF_MS: int(2_000),
    /**
     * Longest platform Retry-After the worker honours (waiting without spending an attempt); a longer (or absurd)
     * one counts as an ordinary transient failure, retried with PUBLISH_BACKOFF_MS backoff.
     */
    PUBLISH_RETRY_AFTER_CAP_MS: int(15 * 60_000),
    WEBHOOK_TIMEOUT_MS: int(10_000),
    /**
     * Non-public addresses Cadence may still send to (webhooks, later link cards): comma-separated CIDRs or bare
     * addresses, e.g. "192.168.1.0/24" for a LAN install. Empty: public addresses only. Cloud metadata addresses
     * stay refused whatever this says (lib/net/outbound-guard.ts).
     */
    OUTBOUND_ALLOW_CIDRS: z
      .string()
      .default("")
      .refine((v) => {
        try {
          parseAllowCidrs(v);
          return true;
        } catch {
          return false;
        }
      }, "comma-separated CIDRs or addresses, e.g. 192.168.1.0/24,10.0.0.5"),
    /**
     * The PLC directory Bluesky DIDs (did:plc) are resolved with, to find an account's PDS from its DID document
     * (https://web.plc.directory/spec/v0.1/did-plc). The test profile points it at the local one.
     */
    BLUESKY_PLC_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://plc.directory"),
    /**
     * Threads (README "Threads"): the Threads app id and secret of a Meta app with the Threads use case (App
     * Dashboard > App settings > Basic > Threads App ID / Threads App secret). Unset: Threads cannot be connected.
     */
    THREADS_APP_ID: z.string().min(1).optional(),
    THREADS_APP_SECRET: z.string().min(1).optional(),
    /** The Threads Graph API (token exchange, publishing, insights); a setting only so tests can use a stub. */
    THREADS_API_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://graph.threads.net"),
    /** Where the Threads Authorization Window is (/oauth/authorize); a setting only so tests can use a stub. */
    THREADS_AUTH_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://threads.net"),
    /**
     * LinkedIn (README "LinkedIn"): the app registered on https://www.linkedin.com/developers/apps. Unset: LinkedIn
     * shows as "not set up" on the Channels page. LINKEDIN_API_URL and LINKEDIN_AUTH_URL are the real hosts; they are
     * settings only so the tests can point Cadence at a stub.
     */
    LINKEDIN_CLIENT_ID: z.string().min(1).optional(),
    LINKEDIN_CLIENT_SECRET: z.string().min(1).optional(),
    /** The REST API host (Posts, Images, organizationAcls, statistics; /v2/userinfo). */
    LINKEDIN_API_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://api.linkedin.com"),
    /** The OAuth host (/oauth/v2/authorization, /oauth/v2/accessToken). */
    LINKEDIN_AUTH_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://www.linkedin.com"),
    /**
     * The `LinkedIn-Version` (YYYYMM) sent with every versioned call; default LINKEDIN_VERSION
     * (lib/publishing/networks/linkedin/linkedin-api.ts). LinkedIn sunsets each version about a year after release
     * (HTTP 426 NONEXISTENT_VERSION): an operator can move to a newer one here without waiting for a release.
     */
    LINKEDIN_API_VERSION: z
      .string()
      .regex(/^\d{6}(\.\d{2})?$/, "a LinkedIn version such as 202603")
      .optional(),
    /**
     * X (Twitter) app credentials from the developer portal (an OAuth 2.0 "Web App" — a confidential client: its
     * Client ID and Client Secret, https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code).
     * Unset: X shows as "not set up" on the Channels page.
     */
    X_CLIENT_ID: z.string().min(1).optional(),
    X_CLIENT_SECRET: z.string().min(1).optional(),
    /** X's API origin (POST /2/tweets, /2/oauth2/token, media upload); only tests point it elsewhere (their stub). */
    X_API_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://api.x.com"),
    /** Where people authorise Cadence on X ({X_AUTH_URL}/i/oauth2/authorize); only tests point it elsewhere. */
    X_AUTH_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://x.com"),
    /** How often the worker collects engagement metrics of recent publications (once per interval across workers). */
    METRICS_EVERY_MS: int(60 * 60_000),
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).default(0),
    /** On SIGTERM/SIGINT the worker lets active publications finish this long, then aborts and requeues them. */
    WORKER_SHUTDOWN_GRACE_MS: int(20_000),
    /** Evergreen rotation skips posts published less than this many days ago (0: no minimum). */
    EVERGREEN_MIN_INTERVAL_DAYS: z.coerce.number().min(0).max(3650).default(7),
    /** Session cookie `Secure` flag: auto (https, or production off loopback), always, or never (plain-http LAN). */
    COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
    /**
     * Largest request body the API reads, in bytes (413 above it). At most 8 MiB: /api requests pass proxy.ts, and
     * Next hands a route at most the first 10 MB of a body that went through the proxy (proxyClientMaxBodySize), so a
     * larger cap could see a cut-off body instead of refusing it.
     */
    API_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .max(8 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * Reverse proxies whose X-Forwarded-For is believed: comma-separated IP addresses or CIDR ranges (e.g.
     * "127.0.0.1,10.0.0.0/8"). Empty (the default): the client address is the TCP peer, and X-Forwarded-For is ignored.
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .refine(
        (spec) =>
          spec
            .split(",")
            .map((e) => e.trim())
            .filter(Boolean)
            .every((e) => {
              const [address = "", bits, extra] = e.split("/");
              const family = isIP(address);
              if (family === 0 || extra !== undefined) return false;
              return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
            }),
        'comma-separated IP addresses or CIDR ranges, e.g. "127.0.0.1,10.0.0.0/8"',
      ),
    /** Failed sign-ins per account (email) within SIGN_IN_WINDOW_MS, from any address, before 429. */
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: int(10),
    /** Failed sign-ins per client address within SIGN_IN_WINDOW_MS, for any account, before 429. */
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: int(50),
    /** The sign-in counters' window, in milliseconds, from the first failure. */
    SIGN_IN_WINDOW_MS: int(15 * 60_000),
    /**
     * Outgoing mail (invitations, password reset): an SMTP URL as nodemailer reads it, e.g.
     * smtps://user:pass@smtp.example.com:465 or smtp://user:pass@smtp.example.com:587 (STARTTLS when the server offers
     * it; https://nodemailer.com/smtp/). Unset: nothing is sent, and the API hands the inviter the link to copy.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
    /** The From of Cadence's mail, e.g. "Cadence <cadence@example.com>". */
    MAIL_FROM: z.string().min(3).default("Cadence <cadence@localhost>"),
    /** Invitations (sent or re-sent) per workspace and inviter within an hour, before 429. */
    INVITATIONS_PER_HOUR: int(20),
    /** Password reset requests per email address within an hour (more are answered 202 and not sent). */
    PASSWORD_RESETS_PER_EMAIL_PER_HOUR: int(3),
    /** Password reset requests per client address within an hour, for any email, before 429. */
    PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: int(20),
    /** Largest image or GIF upload, in bytes (413 above it). */
    MEDIA_MAX_IMAGE_BYTES: int(20 * 1024 * 1024),
    /** Largest video upload, in bytes (413 above it). */
    MEDIA_MAX_VIDEO_BYTES: int(1024 * 1024 * 1024),
    /** Uploads processed at once per process (sharp re-encode, ffprobe/ffmpeg); more wait their turn. */
    MEDIA_PROCESS_CONCURRENCY: int(2),
    /** Longest ffprobe/ffmpeg run on one upload before it is killed and the upload refused (422). */
    MEDIA_PROBE_TIMEOUT_MS: int(30_000),
    /** Uploads attached to no post are deleted (object and row) once older than this. */
    MEDIA_ORPHAN_MAX_AGE_MS: int(24 * 60 * 60_000),
    /** How often the worker looks for such unattached uploads (once per interval across workers). */
    MEDIA_CLEANUP_EVERY_MS: int(60 * 60_000),
    /**
     * Key of the signed public media URLs (HMAC-SHA256), at least 32 characters. Unset: derived from CREDENTIALS_KEY
     * (HKDF), so rotating that key also invalidates every URL handed out.
     */
    MEDIA_URL_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * How often the worker refreshes OAuth access tokens (X, LinkedIn, Threads, Facebook, Instagram) that expire
     * soon (once per interval across workers).
     */
    TOKEN_REFRESH_EVERY_MS: int(60 * 60_000),
    /**
     * How often the worker sends due notification mail and failure-webhook POSTs (the outbox; once per interval
     * across workers). Retries back off from 30 s to 1 h, 8 attempts.
     */
    NOTIFY_DELIVERY_EVERY_MS: int(5_000),
    /**
     * A token is refreshed by the worker once it expires within this long (default 3 days: Meta's and LinkedIn's
     * 60-day tokens are renewed well before they lapse, X's 2-hour ones at every run). Publishing also refreshes a
     * token expiring within 5 minutes on its own.
     */
    TOKEN_REFRESH_AHEAD_MS: int(3 * 24 * 60 * 60_000),
    /**
     * The address at which the internet reaches this Cadence (e.g. https://cadence.example.com), for signed media URLs
     * that Instagram, Threads and TikTok fetch themselves. Only /media/* needs to be reachable from outside.
     * Connecting Mastodon, X, LinkedIn, Threads, Facebook and Instagram also needs it: the platforms send the browser
     * back to PUBLIC_URL + /api/channels/connect/<platform>/callback (the redirect URI registered with them).
     */
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    /**
     * Meta (Facebook Pages and Instagram): the app's id and secret from developers.facebook.com (App settings → Basic).
     * Unset: the "Facebook and Instagram" login shows as not set up. README "Facebook and Instagram".
     */
    META_APP_ID: z.string().min(1).optional(),
    META_APP_SECRET: z.string().min(1).optional(),
    /**
     * A Facebook Login for Business configuration id (App Dashboard → Facebook Login for Business → Configurations),
     * sent as config_id so the login asks for that configuration's permissions. Unset: the permissions are asked by name.
     */
    META_LOGIN_CONFIG_ID: z.string().min(1).optional(),
    /** The Graph API origin; only tests point it elsewhere (at their stub). */
    META_GRAPH_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://graph.facebook.com"),
    /** The origin of Meta's Login dialog (/<version>/dialog/oauth); only tests point it elsewhere. */
    META_AUTH_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
      .default("https://www.facebook.com"),
    /** The Graph API version called (lib/publishing/networks/meta/graph-version.ts), e.g. v27.0. */
    META_GRAPH_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, "a Graph API version such as v27.0")
      .default(META_GRAPH_VERSION),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * Where media bytes live: `local` (one machine's disk, MEDIA_LOCAL_DIR) or `s3` (S3-compatible object storage,
     * the S3_* settings below; what an install with several web and worker machines needs).
     */
    MEDIA_STORAGE: z.enum(["local", "s3"]).default("local"),
    /** The local backend's folder (relative to the working directory, or absolute); the launcher sets .data/<profile>/media. */
    MEDIA_LOCAL_DIR: z.string().min(1).default(".data/dev/media"),
    /** S3 endpoint URL, e.g. http://127.0.0.1:8333 (SeaweedFS, MinIO); empty: AWS S3 itself for S3_REGION. */
    S3_ENDPOINT: z.string().url().optional(),
    S3_BUCKET: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (<endpoint>/<bucket>/<key>): most self-hosted S3 servers need `true`. */
    S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  })
  .superRefine((env, ctx) => {
    if (env.MEDIA_STORAGE !== "s3") return;
    for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
      if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "required when MEDIA_STORAGE=s3" });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses process.env once; a missing or bad setting fails with a message naming it. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
