import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests are pure; integration tests talk to the real PostgreSQL, Redis and MongoDB-compatible server that
// `npm test` starts (scripts/stack.ts). Integration files run one at a time: they share those servers.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    env: { TZ: "UTC" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
