import { getEnv } from "@/lib/env";

/** Where Cadence talks to Meta, from the settings (lib/env.ts): the real hosts unless a test points them at its stub. */
export type MetaSettings = {
  /** Graph API origin, default https://graph.facebook.com (META_GRAPH_URL). */
  graphUrl: string;
  /** Origin of the Login dialog, default https://www.facebook.com (META_AUTH_URL). */
  authUrl: string;
  /** "v27.0" (META_GRAPH_VERSION). */
  version: string;
  appId: string | undefined;
  appSecret: string | undefined;
};

/** The Meta settings of this process (META_GRAPH_URL, META_AUTH_URL, META_GRAPH_VERSION, META_APP_ID, META_APP_SECRET). */
export function metaSettings(): MetaSettings {
  const env = getEnv();
  return {
    graphUrl: env.META_GRAPH_URL,
    authUrl: env.META_AUTH_URL,
    version: env.META_GRAPH_VERSION,
    appId: env.META_APP_ID,
    appSecret: env.META_APP_SECRET,
  };
}
