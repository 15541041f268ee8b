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
     * The address at which the internet reaches this Cadence (e.g. https://cadence.example.com), for signed media URLs
     * that Instagram, Threads and TikTok fetch themselves. Only /media/* needs to be reachable from outside.
     */
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    /**
     * Meta (Facebook Pages and Instagram): the app's id and secret from developers.facebook.com (App settings → Basic).
     * Unset: the "Facebook and Instagram" login shows as not set up. README "Facebook and Instagram".
     */
    META_APP_ID: z.string().min(1).optional(),
    META_APP_SECRET: z.string().min(1).optional(),
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
