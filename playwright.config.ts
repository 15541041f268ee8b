import { defineConfig } from "@playwright/test";
import { platformStubsEnv } from "./tests/stubs/platform-stubs";

// End-to-end tests drive the built app (`next build` runs first, in the launcher) in the system Chromium, with a
// real worker on the real services. Env (DATABASE_URL, REDIS_URL, …) comes from the launcher
// (`npm run stack -- exec -- npx playwright test`).

const port = Number(process.env.E2E_PORT ?? 3100);
// The platform stubs (X, LinkedIn, Meta, Threads: tests/stubs/serve.ts) listen from here up.
const stubsPort = port + 50;

// The app and the worker must share a queue, and no dev worker may take these jobs: one queue per port. Per
// port rather than per run, because outside CI a server left on that port from an earlier run is reused and
// keeps the queue name it was started with. Set on process.env so Playwright's worker processes see it too.
process.env.E2E_QUEUE_NAME ??= `cadence-e2e-${port}`;
const queueName = process.env.E2E_QUEUE_NAME;
const serviceEnv = {
  PUBLISH_QUEUE_NAME: queueName,
  SWEEP_EVERY_MS: process.env.E2E_SWEEP_EVERY_MS ?? "2000",
  // Transient failures (e2e/attention.spec.ts: a webhook on a dead port) give up after 3 attempts within a second,
  // not the production 8 attempts over minutes. Both the app (it sets each job's attempts) and the worker read them.
  PUBLISH_BACKOFF_MS: process.env.E2E_PUBLISH_BACKOFF_MS ?? "200",
  PUBLISH_MAX_ATTEMPTS: process.env.E2E_PUBLISH_MAX_ATTEMPTS ?? "3",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  // Signed media URLs (/media/:id/original?exp&sig) in what the worker sends, as a real install with local storage
  // has them: without it a webhook delivery with media fails ("PUBLIC_URL is not set").
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
  // Base URLs and test app credentials of the platforms that cannot run here, pointing at their stubs.
  ...platformStubsEnv(stubsPort),
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  outputDir: "test-results",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      // Started first: the app reads the platforms' base URLs at start and its pages may call them at once.
      command: `node --import ./scripts/tsx-loader.mjs tests/stubs/serve.ts ${stubsPort}`,
      url: `http://127.0.0.1:${stubsPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `npx next start -p ${port} -H 127.0.0.1`,
      // The page, not /api/health: health answers 503 while a service is down, which Playwright reads as "not up".
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: serviceEnv,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // tsx as a module hook (scripts/tsx-loader.mjs) rather than the tsx CLI: one process, so SIGTERM reaches the worker itself and it
      // shuts down gracefully. No URL to wait on: specs wait (bounded) until the queue endpoint lists its heartbeat.
      command: "node --import ./scripts/tsx-loader.mjs worker/index.ts",
      env: serviceEnv,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
