import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { profileDir } from "./state";

type Reports = { vitest: string; playwright: string };

/** Where this run's machine-readable results go (cleared first, so a stale file never counts). */
export function testReports(): Reports {
  const dir = profileDir("test");
  const reports = { vitest: path.join(dir, "vitest.json"), playwright: path.join(dir, "playwright.json") };
  for (const file of Object.values(reports)) rmSync(file, { force: true });
  return reports;
}

function read<T>(file: string): T | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** One closing line over vitest and Playwright together: "tests: N passed, N failed, N skipped". */
export function printTestSummary(reports: Reports) {
  const v = read<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
    reports.vitest,
  );
  const p = read<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    reports.playwright,
  );
  if (!v && !p) return;
  const passed = (v?.numPassedTests ?? 0) + (p?.stats.expected ?? 0) + (p?.stats.flaky ?? 0);
  const failed = (v?.numFailedTests ?? 0) + (p?.stats.unexpected ?? 0);
  const skipped = (v ? v.numPendingTests + v.numTodoTests : 0) + (p?.stats.skipped ?? 0);
  const parts = [v ? "vitest" : undefined, p ? "playwright" : undefined].filter(Boolean).join(" + ");
  console.log(`\n(${parts})`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
