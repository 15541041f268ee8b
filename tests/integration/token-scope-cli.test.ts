import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// The operator CLI makes read or write tokens (write by default, as before scopes existed), and refuses any other
// scope as a usage error (exit 2) without writing a token.

const run = promisify(execFile);
const { db, createWorkspace } = setupTestWorkspaces();

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "./scripts/tsx-loader.mjs", "scripts/cadence.ts", ...args],
      { env: process.env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run cadence -- token create --scope", () => {
  it("stores the scope it is given, write by default, and refuses others", async () => {
    const { workspace } = await createWorkspace({ name: "CLI scopes" });
    const before = await db.apiToken.count({ where: { workspaceId: workspace.id } });

    const read = await cli(["token", "create", "--workspace", workspace.id, "--name", "reader", "--scope", "read"]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toContain('"reader" scope read');
    const plain = await cli(["token", "create", "--workspace", workspace.id, "--name", "plain"]);
    expect(plain.code, plain.stderr).toBe(0);
    const bad = await cli(["token", "create", "--workspace", workspace.id, "--name", "bad", "--scope", "admin"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--scope must be read or write (got admin)");

    const rows = await db.apiToken.findMany({
      where: { workspaceId: workspace.id, name: { in: ["reader", "plain", "bad"] } },
      select: { name: true, scope: true },
      orderBy: { name: "asc" },
    });
    expect(rows).toEqual([
      { name: "plain", scope: "write" },
      { name: "reader", scope: "read" },
    ]);
    expect(await db.apiToken.count({ where: { workspaceId: workspace.id } })).toBe(before + 2);
    const list = await cli(["token", "list", "--workspace", workspace.id]);
    expect(list.stdout).toMatch(/reader {2}scope read/);
  });
});
