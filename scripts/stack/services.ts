import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ownerAlive, processIdentity } from "../lock.mjs";
import { startBluesky, stopBluesky } from "./bluesky";
import { GTS_WAZERO_CACHE, startGoToSocial, stopGoToSocial } from "./gotosocial";
import { withStackLock } from "./lock";
import { startMailpit, stopMailpit } from "./mailpit";
import { startMongo, stopMongo } from "./mongo";
import { postgresUrl, startPostgres, stopPostgres } from "./postgres";
import { log, StackError } from "./proc";
import { startRedis, stopRedis } from "./redis";
import { S3_BUCKET, S3_REGION, startS3, stopS3 } from "./s3";
import { dataRoot, localSecret, type Profile, profileDir, readState, type StackState, writeState } from "./state";

export type StackEnv = Record<string, string>;

// Launcher commands may run at once (`npm run stack -- env` while `start` is still starting services, two `npm test`
// in one checkout). Starting and stopping a profile's services happens under that profile's lock, so the second
// command waits and then reuses what the first started instead of starting a second server on the same data; and
// each command using the services is listed under .data/<profile>/users/, so a command that ends does not stop
// services another one is still using.

/** Runs `fn` holding the profile's services lock (.data/locks/services-<profile>.lock); waits up to 10 minutes. */
function withServicesLock<T>(profile: Profile, fn: () => Promise<T>): Promise<T> {
  const file = path.join(dataRoot, "locks", `services-${profile}.lock`);
  return withStackLock(file, `the ${profile} services (starting or stopping them)`, fn);
}

type User = { pid: number; start?: string; command: string };

function usersDir(profile: Profile) {
  const dir = path.join(profileDir(profile), "users");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The other live commands using the profile's services; entries of processes that are gone are removed. */
function otherUsers(profile: Profile): User[] {
  const dir = usersDir(profile);
  const users: User[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let user: User | undefined;
    try {
      user = JSON.parse(readFileSync(file, "utf8")) as User;
    } catch {}
    if (!user || !ownerAlive(user)) rmSync(file, { force: true });
    else if (user.pid !== process.pid) users.push(user);
  }
  return users;
}

const describeUsers = (users: User[]) => users.map((u) => `pid ${u.pid} (${u.command})`).join(", ");

/**
 * Brings up what the profile needs (under its lock) and returns the environment that points at it; the calling
 * process is listed as a user until `releaseServices`. A service whose URL is already set (DATABASE_URL,
 * REDIS_URL, MONGODB_URL, S3_ENDPOINT, BLUESKY_TEST_PDS_URL, MASTODON_TEST_URL, SMTP_URL) is used as it is and
 * nothing is started for it.
 * `startedNow`: some service was started by this call (not reused), so it is this command's to stop.
 */
export function startServices(profile: Profile): Promise<{ env: StackEnv; startedNow: boolean }> {
  return withServicesLock(profile, async () => {
    const user: User = { ...processIdentity(), command: process.argv.slice(2).join(" ") };
    writeFileSync(path.join(usersDir(profile), `${process.pid}.json`), JSON.stringify(user));
    return startUnlocked(profile);
  });
}

async function startUnlocked(profile: Profile): Promise<{ env: StackEnv; startedNow: boolean }> {
  const env: StackEnv = {};
  const state: StackState = readState(profile);
  let startedNow = false;

  const pending: Promise<void>[] = [];
  // The Bluesky AppView keeps its tables on this PostgreSQL and wants this Redis: it waits for both (below).
  let databaseReady: Promise<string>;
  if (process.env.DATABASE_URL) {
    env.DATABASE_URL = process.env.DATABASE_URL;
    databaseReady = Promise.resolve(env.DATABASE_URL);
  } else
    databaseReady = startPostgres(profile).then((pg) => {
      state.postgres = pg;
      startedNow ||= pg.fresh === true;
      env.DATABASE_URL = postgresUrl(pg.port, pg.password);
      return env.DATABASE_URL;
    });
  pending.push(databaseReady.then(() => {}));
  let redisReady: Promise<string>;
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    redisReady = Promise.resolve(env.REDIS_URL);
  } else
    redisReady = startRedis(profile).then((r) => {
      state.redis = r;
      startedNow ||= r.fresh === true;
      env.REDIS_URL = `redis://127.0.0.1:${r.port}`;
      return env.REDIS_URL;
    });
  pending.push(redisReady.then(() => {}));
  if (process.env.MONGODB_URL) env.MONGODB_URL = process.env.MONGODB_URL;
  else
    pending.push(
      startMongo(profile).then((m) => {
        state.mongo = m;
        startedNow ||= m.fresh === true;
        env.MONGODB_URL = `mongodb://127.0.0.1:${m.port}/cadence`;
      }),
    );
  // S3 for media: always in test and bench (the storage tests run against it); in dev only when MEDIA_STORAGE=s3
  // asks for it, so `npm run up` does not build SeaweedFS for an install that keeps media on the local disk. With
  // S3_ENDPOINT set, that S3 is used: its S3_* settings pass through from the environment as they are.
  if (!process.env.S3_ENDPOINT && (profile !== "dev" || process.env.MEDIA_STORAGE === "s3"))
    pending.push(
      startS3(profile).then(({ accessKeyId, secretAccessKey, ...s3 }) => {
        state.s3 = s3;
        startedNow ||= s3.fresh === true;
        env.S3_ENDPOINT = `http://127.0.0.1:${s3.port}`;
        env.S3_BUCKET = S3_BUCKET;
        env.S3_REGION = S3_REGION;
        env.S3_ACCESS_KEY_ID = accessKeyId;
        env.S3_SECRET_ACCESS_KEY = secretAccessKey;
        env.S3_FORCE_PATH_STYLE = "true";
      }),
    );
  // Real servers of the social networks the adapters publish to (issue 10): a Bluesky PDS with its PLC directory and
  // AppView, and GoToSocial for the Mastodon API. Always in test (the adapters' integration tests use them); in dev
  // and bench only with CADENCE_LOCAL_NETWORKS=1, so `npm run up` neither builds GoToSocial nor starts servers nobody uses.
  const localNetworks = profile === "test" || process.env.CADENCE_LOCAL_NETWORKS === "1";
  if (process.env.BLUESKY_TEST_PDS_URL) {
    for (const name of ["BLUESKY_TEST_PDS_URL", "BLUESKY_TEST_APPVIEW_URL", "BLUESKY_TEST_CONTROL_URL"]) {
      const value = process.env[name];
      if (value) env[name] = value;
    }
  } else if (localNetworks)
    pending.push(
      Promise.all([databaseReady, redisReady]).then(async ([databaseUrl, redisUrl]) => {
        // The bench measures the PDS alone: an AppView indexing in the same process would slow what it times.
        const appView = profile !== "bench";
        const b = await startBluesky(profile, { databaseUrl, redisHost: new URL(redisUrl).host, appView });
        state.bluesky = b;
        startedNow ||= b.fresh === true;
        env.BLUESKY_TEST_PDS_URL = `http://127.0.0.1:${b.port}`;
        env.BLUESKY_TEST_PLC_URL = `http://127.0.0.1:${b.plcPort}`;
        // The AppView the PDS proxies app.bsky.* to, and the tests' handle to wait for its indexing (POST /process-all).
        if (b.appviewPort > 0) env.BLUESKY_TEST_APPVIEW_URL = `http://127.0.0.1:${b.appviewPort}`;
        env.BLUESKY_TEST_CONTROL_URL = `http://127.0.0.1:${b.controlPort}`;
        // The test PDS's accounts are did:plc DIDs of this PLC directory: connecting one resolves it there.
        if (profile === "test") env.BLUESKY_PLC_URL = process.env.BLUESKY_PLC_URL ?? env.BLUESKY_TEST_PLC_URL;
      }),
    );
  if (process.env.MASTODON_TEST_URL) env.MASTODON_TEST_URL = process.env.MASTODON_TEST_URL;
  else if (localNetworks)
    pending.push(
      startGoToSocial(profile).then((g) => {
        state.gotosocial = g;
        startedNow ||= g.fresh === true;
        env.MASTODON_TEST_URL = `http://127.0.0.1:${g.port}`;
        // for its admin CLI (tests/helpers/mastodon-accounts.ts makes accounts with it)
        env.GOTOSOCIAL_BIN = g.bin;
        env.GOTOSOCIAL_CONFIG = g.config;
        env.GTS_WAZERO_COMPILATION_CACHE = GTS_WAZERO_CACHE;
      }),
    );
  // Mailpit, a real SMTP server whose HTTP API the tests read the sent mail from (invitations, password reset):
  // always in test; in dev and bench only with CADENCE_LOCAL_MAIL=1 (then the dashboard's mail is at MAILPIT_API_URL,
  // its web UI). With SMTP_URL set, that server is used and nothing is started.
  if (process.env.SMTP_URL) {
    env.SMTP_URL = process.env.SMTP_URL;
    if (process.env.MAILPIT_API_URL) env.MAILPIT_API_URL = process.env.MAILPIT_API_URL;
  } else if (profile === "test" || process.env.CADENCE_LOCAL_MAIL === "1")
    pending.push(
      startMailpit(profile).then((m) => {
        state.mailpit = m;
        startedNow ||= m.fresh === true;
        env.SMTP_URL = `smtp://127.0.0.1:${m.smtpPort}`;
        env.MAILPIT_API_URL = `http://127.0.0.1:${m.port}`;
      }),
    );
  const results = await Promise.allSettled(pending);
  writeState(profile, state);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;

  env.CREDENTIALS_KEY = process.env.CREDENTIALS_KEY ?? localSecret(profile, "credentials-key");
  // The tests' own webhook receivers listen on 127.0.0.1, which the outbound guard refuses by default.
  // Media on the local disk goes under the profile's own data folder (README "Configuration": media storage).
  env.MEDIA_LOCAL_DIR = process.env.MEDIA_LOCAL_DIR ?? path.join(profileDir(profile), "media");
  if (profile === "test") env.OUTBOUND_ALLOW_CIDRS = process.env.OUTBOUND_ALLOW_CIDRS ?? "127.0.0.1/32";
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(path.join(profileDir(profile), "stack.env"), `${lines.join("\n")}\n`, { mode: 0o600 });
  return { env, startedNow };
}

async function stopUnlocked(profile: Profile) {
  const state = readState(profile);
  await Promise.all([
    stopRedis(profile),
    stopMongo(profile),
    stopS3(profile),
    stopBluesky(profile),
    stopGoToSocial(profile),
    stopMailpit(profile),
    Promise.resolve(stopPostgres(profile)),
  ]);
  if (state.postgres || state.redis || state.mongo || state.s3 || state.bluesky || state.gotosocial || state.mailpit)
    log(`stopped the ${profile} services`);
}

/**
 * Ends this command's use of the profile's services. With `stop`, stops them unless another live command is still
 * using them (then they are left running, and it says so).
 */
export function releaseServices(profile: Profile, opts: { stop: boolean }): Promise<void> {
  return withServicesLock(profile, async () => {
    rmSync(path.join(usersDir(profile), `${process.pid}.json`), { force: true });
    if (!opts.stop) return;
    const others = otherUsers(profile);
    if (others.length > 0) log(`leaving the ${profile} services running: still used by ${describeUsers(others)}`);
    else await stopUnlocked(profile);
  });
}

/** `npm run stack -- stop`: stops the profile's services; refuses while another command is using them. */
export function stopServices(profile: Profile): Promise<void> {
  return withServicesLock(profile, async () => {
    const others = otherUsers(profile);
    if (others.length > 0) {
      throw new StackError(`the ${profile} services are in use by ${describeUsers(others)}: stop that first`);
    }
    await stopUnlocked(profile);
  });
}

/** The commands currently using the profile's services (for `status`). */
export function servicesUsers(profile: Profile): User[] {
  return otherUsers(profile);
}
