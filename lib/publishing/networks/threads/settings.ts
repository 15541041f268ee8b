import { getEnv } from "@/lib/env";
import type { OAuthApp } from "@/lib/oauth/networks/types";

/** Where Cadence finds Threads and which app it is there (lib/env.ts THREADS_*). */
export type ThreadsSettings = {
  /** The Graph API's origin, e.g. "https://graph.threads.net" (no trailing slash). */
  apiUrl: string;
  /** The Authorization Window's origin, e.g. "https://threads.net" (no trailing slash). */
  authUrl: string;
  /** The Threads app id and secret; null when the operator has not set both. */
  app: OAuthApp | null;
};

/** The Graph API version Cadence speaks (https://developers.facebook.com/docs/threads/overview). */
export const THREADS_API_VERSION = "v1.0";

const origin = (url: string) => url.replace(/\/+$/, "");

/** THREADS_API_URL, THREADS_AUTH_URL, THREADS_APP_ID and THREADS_APP_SECRET from the environment. */
export function threadsSettingsFromEnv(): ThreadsSettings {
  const env = getEnv();
  const app =
    env.THREADS_APP_ID && env.THREADS_APP_SECRET
      ? { clientId: env.THREADS_APP_ID, clientSecret: env.THREADS_APP_SECRET }
      : null;
  return { apiUrl: origin(env.THREADS_API_URL), authUrl: origin(env.THREADS_AUTH_URL), app };
}
