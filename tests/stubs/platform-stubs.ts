import { instagramRoutesForMeta } from "./instagram";
import { createLinkedInStub, LINKEDIN_STUB_CLIENT } from "./linkedin";
import { createMetaStub } from "./meta";
import type { StubRoute } from "./stub-server";
import { createThreadsStub } from "./threads";
import { createXStub } from "./x";

/** One platform's stub as the end-to-end tests run it: its routes, and the settings that point Cadence at it. */
export type PlatformStubEntry = {
  /** Short name, e.g. "x", "linkedin", "meta", "threads". */
  name: string;
  /** A fresh stub (its accounts, and the routes that serve them). */
  routes(): StubRoute[];
  /**
   * The env Cadence (the app and the worker) needs to use this stub at `url` (http://127.0.0.1:<port>): the base
   * URL settings of the platform and test app credentials, e.g. { X_API_URL: url, X_CLIENT_ID: "…" }.
   */
  env(url: string): Record<string, string>;
};

/**
 * Every platform stub the end-to-end tests start (tests/stubs/serve.ts), in a fixed order: entry i listens on
 * the stubs' base port + 1 + i. A new platform stub is one entry.
 */
export const PLATFORM_STUBS: PlatformStubEntry[] = [
  {
    name: "threads",
    routes: () => createThreadsStub().routes,
    env: (url) => ({
      THREADS_AUTH_URL: url,
      THREADS_API_URL: url,
      THREADS_APP_ID: "990602627938098",
      THREADS_APP_SECRET: "threads-stub-app-secret",
    }),
  },
  {
    name: "linkedin",
    routes: () => createLinkedInStub().routes,
    env: (url) => ({
      LINKEDIN_AUTH_URL: url,
      LINKEDIN_API_URL: url,
      LINKEDIN_CLIENT_ID: LINKEDIN_STUB_CLIENT.clientId,
      LINKEDIN_CLIENT_SECRET: LINKEDIN_STUB_CLIENT.clientSecret,
    }),
  },
  {
    name: "meta",
    // One Graph API server for Facebook Pages and the Instagram accounts linked to them, as at graph.facebook.com.
    routes: () => createMetaStub({ extraRoutes: instagramRoutesForMeta }).routes,
    env: (url) => ({
      META_AUTH_URL: url,
      META_GRAPH_URL: url,
      META_APP_ID: "1234567890123456",
      META_APP_SECRET: "meta-test-app-secret",
    }),
  },
  {
    name: "x",
    routes: () => createXStub().routes,
    env: (url) => ({ X_API_URL: url, X_AUTH_URL: url, X_CLIENT_ID: "x-stub-client", X_CLIENT_SECRET: "x-stub-secret" }),
  },
];

/** The env pointing Cadence at every stub when the stubs' base port is `basePort` (playwright.config.ts). */
export function platformStubsEnv(basePort: number): Record<string, string> {
  return Object.assign({}, ...PLATFORM_STUBS.map((s, i) => s.env(`http://127.0.0.1:${basePort + 1 + i}`)));
}
