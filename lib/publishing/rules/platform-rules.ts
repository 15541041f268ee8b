import type { Platform } from "@/lib/generated/prisma/enums";
import { blueskyRules } from "@/lib/publishing/rules/bluesky";
import { facebookRules } from "@/lib/publishing/rules/facebook";
import { instagramRules } from "@/lib/publishing/rules/instagram";
import { linkedinRules } from "@/lib/publishing/rules/linkedin";
import { mastodonRules } from "@/lib/publishing/rules/mastodon";
import { sandboxRules, webhookRules } from "@/lib/publishing/rules/own-channels";
import { threadsRules } from "@/lib/publishing/rules/threads";
import { tiktokRules } from "@/lib/publishing/rules/tiktok";
import type { PlatformRules } from "@/lib/publishing/rules/types";
import { xRules } from "@/lib/publishing/rules/x";

/** Every platform's rules, one module each (lib/publishing/rules/<platform>.ts), each rule citing its source. */
export const PLATFORM_RULES: Record<Platform, PlatformRules> = {
  TWITTER: xRules,
  MASTODON: mastodonRules,
  BLUESKY: blueskyRules,
  THREADS: threadsRules,
  INSTAGRAM: instagramRules,
  FACEBOOK: facebookRules,
  LINKEDIN: linkedinRules,
  TIKTOK: tiktokRules,
  WEBHOOK: webhookRules,
  SANDBOX: sandboxRules,
};
