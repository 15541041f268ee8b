import { writeFileSync } from "node:fs";
import path from "node:path";
import { startMongo, stopMongo } from "./mongo";
import { postgresUrl, startPostgres, stopPostgres } from "./postgres";
import { log } from "./proc";
import { startRedis, stopRedis } from "./redis";
import { localSecret, type Profile, profileDir, readState, type StackState, writeState } from "./state";

export type StackEnv = Record<string, string>;

/**
 * Brings up what the profile needs and returns the environment that points at it. A service whose URL is
 * already set (DATABASE_URL, REDIS_URL, MONGODB_URL) is used as it is and nothing is started for it.
 */
export async function startServices(profile: Profile): Promise<{ env: StackEnv; startedNow: boolean }> {
  const env: StackEnv = {};
  const state: StackState = readState(profile);
  let startedNow = false;

  const pending: Promise<void>[] = [];
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  else
    pending.push(
      startPostgres(profile).then((pg) => {
        state.postgres = pg;
        startedNow ||= pg.fresh === true;
        env.DATABASE_URL = postgresUrl(pg.port, pg.password);
      }),
    );
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  else
    pending.push(
      startRedis(profile).then((r) => {
        state.redis = r;
        startedNow ||= r.fresh === true;
        env.REDIS_URL = `redis://127.0.0.1:${r.port}`;
      }),
    );
  if (process.env.MONGODB_URL) env.MONGODB_URL = process.env.MONGODB_URL;
  else
    pending.push(
      startMongo(profile).then((m) => {
        state.mongo = m;
        startedNow ||= m.fresh === true;
        env.MONGODB_URL = `mongodb://127.0.0.1:${m.port}/cadence`;
      }),
    );
  const results = await Promise.allSettled(pending);
  writeState(profile, state);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;

  env.CREDENTIALS_KEY = process.env.CREDENTIALS_KEY ?? localSecret(profile, "credentials-key");
  // The tests' own webhook receivers listen on 127.0.0.1, which the outbound guard refuses by default.
  if (profile === "test") env.OUTBOUND_ALLOW_CIDRS = process.env.OUTBOUND_ALLOW_CIDRS ?? "127.0.0.1/32";
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(path.join(profileDir(profile), "stack.env"), `${lines.join("\n")}\n`, { mode: 0o600 });
  return { env, startedNow };
}

export async function stopServices(profile: Profile) {
  const state = readState(profile);
  await Promise.all([stopRedis(profile), stopMongo(profile), Promise.resolve(stopPostgres(profile))]);
  if (state.postgres || state.redis || state.mongo) log(`stopped the ${profile} services`);
}
