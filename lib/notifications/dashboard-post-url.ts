import { getEnv } from "@/lib/env";

/**
 * The dashboard address that opens a post (the calendar with `?post=<id>`, as the Needs attention list links it),
 * absolute from PUBLIC_URL; null without PUBLIC_URL (the worker has no request to take an origin from) or without a
 * post.
 */
export function dashboardPostUrl(postId: string | null | undefined): string | null {
  const base = getEnv().PUBLIC_URL;
  if (!base || !postId) return null;
  return `${base.replace(/\/+$/, "")}/?post=${encodeURIComponent(postId)}`;
}
