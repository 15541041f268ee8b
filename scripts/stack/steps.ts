import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withStackLock } from "./lock";
import { run } from "./proc";
import type { StackEnv } from "./services";
import { type Profile, profileDir, root } from "./state";

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function hashFiles(paths: string[]): string {
  const h = createHash("sha256");
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(path.join(p, f));
    else h.update(p).update(readFileSync(p));
  };
  for (const p of paths) walk(p);
  return h.digest("hex");
}

/** Runs `step` only when the inputs' hash differs from the one recorded in `stampFile` after its last success. */
async function onChange(stampFile: string, inputs: string, step: () => Promise<void>) {
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputs) return;
  await step();
  writeFileSync(stampFile, inputs);
}

export function withEnv(env: StackEnv): NodeJS.ProcessEnv {
  return { NEXT_TELEMETRY_DISABLED: "1", ...process.env, ...env };
}

/** prisma generate, when the schema or Prisma version changed. */
export async function prismaGenerate() {
  const inputs = hashFiles([path.join(root, "prisma", "schema.prisma"), path.join(root, "package-lock.json")]);
  const stamp = path.join(root, "lib", "generated", ".schema-hash");
  // generate needs a DATABASE_URL to parse the schema but never connects.
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://u:p@127.0.0.1:1/db" };
  // One checkout, one lib/generated: commands started at once generate it one after the other (then not again).
  const lock = path.join(root, ".data", "locks", "prisma-generate.lock");
  await withStackLock(lock, "prisma generate", () =>
    onChange(stamp, inputs, () => run(bin("prisma"), ["generate"], { cwd: root, env })),
  );
}

/** prisma migrate deploy; skipped for our own local database when no migration changed since the last run. */
export async function migrate(profile: Profile, env: StackEnv) {
  const external = Boolean(process.env.DATABASE_URL);
  const inputs = `${hashFiles([path.join(root, "prisma", "migrations")])}:${env.DATABASE_URL}`;
  const step = () => run(bin("prisma"), ["migrate", "deploy"], { cwd: root, env: withEnv(env) });
  if (external) await step();
  else await onChange(path.join(profileDir(profile), "migrations.hash"), inputs, step);
}
