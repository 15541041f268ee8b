import pg from "pg";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";

/**
 * A plain `pg` pool for the few hot statements of the publish path (lib/publishing/process-publish-job.ts and
 * what it calls). A query through Prisma's client engine costs ~4–8 ms of CPU here against ~0.75 ms on bare
 * `pg`; everything else stays on Prisma. Table and column names are Prisma's (quoted camelCase), enums are the
 * Postgres enum types of prisma/migrations. Functions take the pool as a parameter, like the Prisma client.
 */
export type Sql = Pick<pg.Pool, "query">;

const log = logger("db:sql");
const globalForSql = globalThis as unknown as { cadenceSql?: pg.Pool };

export function createSqlPool(databaseUrl = getEnv().DATABASE_URL, max = 10): pg.Pool {
  // Idle connections must not keep a process (a test run, a CLI) alive once its work is done.
  const pool = new pg.Pool({ connectionString: databaseUrl, max, allowExitOnIdle: true });
  // An idle connection that drops (server restart) emits "error"; unhandled, that would end the process.
  pool.on("error", (err) => log.error({ err }, "idle PostgreSQL connection failed"));
  return pool;
}

/** The process-wide pool (cached on globalThis so Next's dev reloads reuse one). */
export function getSql(): pg.Pool {
  globalForSql.cadenceSql ??= createSqlPool();
  return globalForSql.cadenceSql;
}
