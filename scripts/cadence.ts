// Operator CLI: `npm run cadence -- <command>`. Creates workspaces, API tokens and the users who sign in to the
// dashboard. Exit codes: 0 ok, 1 failed, 2 usage error.
import { parseArgs } from "node:util";
import { ApiError } from "@/lib/api/errors";
import { issueApiToken } from "@/lib/api-tokens/issue-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { withdrawApiToken } from "@/lib/api-tokens/withdraw-api-token";
import { CLI_ACTOR } from "@/lib/audit/record-audit-event";
import { createUser } from "@/lib/auth/create-user";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { getPrisma } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { createSqlPool } from "@/lib/db/sql";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { rebuildEngagementRollup } from "@/lib/metrics/rebuild-rollup";
import { setUserPassword } from "@/lib/password-reset/set-user-password";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { getDeploymentQueueStatus } from "@/lib/scheduling/get-deployment-queue-status";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces";

const USAGE = `Usage: npm run cadence -- <command> [options]

  workspace create --name NAME [--timezone Europe/Berlin]   create a workspace and its first API token
  workspace list                                            list workspaces
  token create --workspace ID --name NAME [--scope read|write]
                                                            create an API token (shown once); scope write
                                                            by default, read = only read permissions
  token list --workspace ID                                 list tokens: prefix, name, scope, last used, revoked
  token revoke --id TOKEN_ID                                revoke a token
  user create --email E --workspace ID (--password-stdin | --password P) [--name N] [--role OWNER|ADMIN|EDITOR|VIEWER|APPROVER]
                                                            create a user who can sign in (member of ID)
  user set-password --email E (--password-stdin | --password P)
                                                            set a user's password; all their sessions end
  queue status [--json]                                     the whole deployment's publish queue: job counts,
                                                            last sweep, live workers (operators only)
  metrics rebuild-rollup                                    rebuild the optimal-time calculator's rollup from all
                                                            stored snapshots (after restoring MongoDB, say)`;

class UsageError extends Error {}

function options(args: string[], spec: Record<string, { required?: boolean; flag?: boolean }>) {
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(spec).map(([k, s]) => [k, { type: s.flag ? ("boolean" as const) : ("string" as const) }]),
    ),
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals.join(" ")}`);
  for (const [name, { required }] of Object.entries(spec)) {
    if (required && !values[name]) throw new UsageError(`Missing --${name}`);
  }
  return values as Record<string, string | undefined>;
}

/** The whole of stdin, without its trailing newline (`echo "$PW" | npm run cadence -- user create … --password-stdin`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const when = (d: Date | null) => (d ? d.toISOString() : "-");

async function run(argv: string[]): Promise<void> {
  const [group, action, ...rest] = argv;
  const db = getPrisma();
  const command = `${group ?? ""} ${action ?? ""}`.trim();
  switch (command) {
    case "workspace create": {
      const o = options(rest, { name: { required: true }, timezone: {} });
      const { workspace, token } = await createWorkspace({ db, name: o.name ?? "", timezone: o.timezone });
      console.log(`Workspace ${workspace.id} "${workspace.name}" (${workspace.timezone})`);
      console.log(`API token (shown once, store it now): ${token.token}`);
      return;
    }
    case "workspace list": {
      options(rest, {});
      for (const w of await listWorkspaces({ db })) {
        console.log(
          `${w.id}  ${w.name}  ${w.timezone}  tokens=${w.activeTokens} channels=${w.channels} posts=${w.posts}`,
        );
      }
      return;
    }
    case "token create": {
      const o = options(rest, { workspace: { required: true }, name: { required: true }, scope: {} });
      const scope = o.scope ?? "write";
      if (scope !== "read" && scope !== "write") throw new UsageError(`--scope must be read or write (got ${scope})`);
      const token = await issueApiToken({
        db,
        workspaceId: o.workspace ?? "",
        actorUserId: null,
        name: o.name ?? "",
        scope,
        by: CLI_ACTOR,
      });
      console.log(`Token ${token.id} "${token.name}" scope ${token.scope}`);
      console.log(`API token (shown once, store it now): ${token.token}`);
      return;
    }
    case "token list": {
      const o = options(rest, { workspace: { required: true } });
      for (const t of await listApiTokens({ db, workspaceId: o.workspace ?? "" })) {
        const state = t.revokedAt ? `revoked ${when(t.revokedAt)}` : "active";
        console.log(`${t.id}  ${t.prefix}…  ${t.name}  scope ${t.scope}  last used ${when(t.lastUsedAt)}  ${state}`);
      }
      return;
    }
    case "token revoke": {
      const o = options(rest, { id: { required: true } });
      const token = await withdrawApiToken({
        db,
        workspaceId: null,
        actorUserId: null,
        tokenId: o.id ?? "",
        by: CLI_ACTOR,
      });
      console.log(`Token ${token.id} (${token.prefix}…) revoked at ${when(token.revokedAt)}`);
      return;
    }
    case "user create": {
      const o = options(rest, {
        email: { required: true },
        workspace: { required: true },
        password: {},
        "password-stdin": { flag: true },
        name: {},
        role: {},
      });
      const fromStdin = Boolean(o["password-stdin"]);
      if (fromStdin === (o.password !== undefined))
        throw new UsageError("Give exactly one of --password-stdin, --password");
      const roles = ["OWNER", "ADMIN", "EDITOR", "VIEWER", "APPROVER"];
      if (o.role && !roles.includes(o.role)) throw new UsageError(`--role is one of ${roles.join(", ")}`);
      const password = fromStdin ? await readStdin() : (o.password ?? "");
      const user = await createUser({
        db,
        email: o.email ?? "",
        password,
        name: o.name,
        workspaceId: o.workspace ?? "",
        role: (o.role as MembershipRole | undefined) ?? "EDITOR",
      });
      console.log(`User ${user.id} ${user.email} can now sign in (member of ${o.workspace})`);
      return;
    }
    case "user set-password": {
      const o = options(rest, { email: { required: true }, password: {}, "password-stdin": { flag: true } });
      const fromStdin = Boolean(o["password-stdin"]);
      if (fromStdin === (o.password !== undefined))
        throw new UsageError("Give exactly one of --password-stdin, --password");
      const password = fromStdin ? await readStdin() : (o.password ?? "");
      const done = await setUserPassword({ db, email: o.email ?? "", password });
      console.log(`Password of ${o.email} set; ${done.sessionsEnded} session(s) ended`);
      return;
    }
    case "queue status": {
      const o = options(rest, { json: { flag: true } });
      const redis = createRedis("producer");
      const queue = createPublishQueue(redis);
      try {
        const status = await getDeploymentQueueStatus({ queue, redis });
        if (o.json) {
          console.log(JSON.stringify(status, null, 2));
          return;
        }
        console.log(`Queue ${status.queue}`);
        console.log(
          `  ${Object.entries(status.counts)
            .map(([state, n]) => `${state}=${n}`)
            .join("  ")}`,
        );
        const sweep = status.lastSweep;
        console.log(
          sweep
            ? `Last sweep ${sweep.at}: ${sweep.duePosts} due, ${sweep.jobsRecovered} jobs and ${sweep.leasesRecovered} leases recovered`
            : "No sweep has run yet",
        );
        console.log(`Workers (${status.workers.length} live)`);
        for (const w of status.workers)
          console.log(`  ${w.workerId}  pid ${w.pid}  started ${w.startedAt}  seen ${w.at}`);
      } finally {
        await queue.close();
        await redis.quit();
      }
      return;
    }
    case "metrics rebuild-rollup": {
      options(rest, {});
      const client = createMongoClient();
      const sql = createSqlPool(undefined, 2);
      try {
        const started = Date.now();
        const { snapshots, days } = await rebuildEngagementRollup({ mongo: getMetricsDb(client), sql });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `Rollup rebuilt from ${snapshots} snapshots in the 24-72 h band: ${days} days written (${seconds} s)`,
        );
      } finally {
        await client.close();
        await sql.end();
      }
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command: ${command}` : "No command given");
  }
}

async function main() {
  let code = 0;
  try {
    await run(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && "code" in err)) {
      console.error(`${err.message}\n\n${USAGE}`);
      code = 2;
    } else if (err instanceof ApiError) {
      console.error(`Error: ${err.message}`);
      code = 1;
    } else {
      console.error(err);
      code = 1;
    }
  } finally {
    await getPrisma().$disconnect();
  }
  process.exitCode = code;
}

void main();
