import { z } from "zod";

/** The Graph API host Cadence talks to by default (https://developers.facebook.com/docs/graph-api/overview). */
export const DEFAULT_META_GRAPH_URL = "https://graph.facebook.com";
/** The Graph API version every request names (https://developers.facebook.com/docs/graph-api/changelog). */
export const DEFAULT_META_GRAPH_VERSION = "v24.0";

const settingsSchema = z.object({
  META_GRAPH_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default(DEFAULT_META_GRAPH_URL),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v24.0")
    .default(DEFAULT_META_GRAPH_VERSION),
});

/** Where Graph API requests go: `url` without a trailing slash, `version` like "v24.0". */
export type GraphSettings = { url: string; version: string };

/**
 * META_GRAPH_URL (default https://graph.facebook.com; tests point it at the stub) and META_GRAPH_VERSION (default
 * v24.0), read from `env` with the same names and defaults as the Meta login's settings. Throws Error naming the
 * setting when one is malformed.
 */
export function readGraphSettings(env: Record<string, string | undefined> = process.env): GraphSettings {
  const parsed = settingsSchema.safeParse({
    META_GRAPH_URL: env.META_GRAPH_URL || undefined,
    META_GRAPH_VERSION: env.META_GRAPH_VERSION || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return { url: parsed.data.META_GRAPH_URL.replace(/\/+$/, ""), version: parsed.data.META_GRAPH_VERSION };
}
