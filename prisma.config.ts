import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

/*
 * Prisma 6.19 migrates through its bundled WebAssembly schema engine and this pg adapter (Prisma 7's native
 * engine cannot be downloaded here). Two work-arounds, both for the CLI only:
 *
 * 1. prisma/orm#27403: the adapter refuses PostgreSQL catalog types that the schema engine's introspection
 *    selects (`name` 19, `"char"` 18, `pg_node_tree` 194, `char[]` 1002, `name[]` 1003) with
 *    "Column type 'name' could not be deserialized". We relabel them as text / text[] in query results.
 * 2. The adapter gets discrete connection fields: with `connectionString` the shadow database silently becomes
 *    the real one (P3006), and with a pg.Pool the shadow connection loses its password.
 */
const TEXT = 25;
const TEXT_ARRAY = 1009;
const relabel: Record<number, number> = { 18: TEXT, 19: TEXT, 194: TEXT, 1002: TEXT_ARRAY, 1003: TEXT_ARRAY };
// pg-types knows text[] (1009) though its TypeId enum lists only scalar types.
const parseTextArray = (pg.types.getTypeParser as (oid: number, format: "text") => (value: string) => unknown)(
  TEXT_ARRAY,
  "text",
);

type Result = { fields?: { dataTypeID: number }[]; rows?: unknown[] };
function fixCatalogTypes(result: Result): Result {
  result.fields?.forEach((field, column) => {
    const target = relabel[field.dataTypeID];
    if (target === undefined) return;
    if (target === TEXT_ARRAY) {
      for (const row of result.rows ?? []) {
        const cells = row as unknown[];
        if (Array.isArray(cells) && typeof cells[column] === "string") cells[column] = parseTextArray(cells[column]);
      }
    }
    field.dataTypeID = target;
  });
  return result;
}

for (const proto of [pg.Client.prototype, pg.Pool.prototype] as { query: (...args: unknown[]) => unknown }[]) {
  const original = proto.query;
  proto.query = function patchedQuery(this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    return out instanceof Promise
      ? out.then((r: Result) => (r && typeof r === "object" ? fixCatalogTypes(r) : r))
      : out;
  };
}

function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (run through `npm run stack -- …` or set it yourself)");
    return new PrismaPg(connectionFields(url));
  },
});
