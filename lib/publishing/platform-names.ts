import type { Platform } from "@/lib/generated/prisma/enums";

/** What each platform is called in messages and labels (one table for limits, adapters and the UI). */
export const PLATFORM_NAMES: Record<Platform, string> = {
  INSTAGRAM: "Instagram",
  FACEBOOK: "Facebook",
  TWITTER: "X (Twitter)",
  LINKEDIN: "LinkedIn",
  THREADS: "Threads",
  BLUESKY: "Bluesky",
  MASTODON: "Mastodon",
  TIKTOK: "TikTok",
  WEBHOOK: "Webhook",
  SANDBOX: "Sandbox",
};
