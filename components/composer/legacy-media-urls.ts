import type { PostView } from "@/components/hooks/api-types";

/**
 * The post's URLs that are not library items yet: stored before URLs were imported into the library. The answer's
 * `mediaUrls` also lists the source URL of each imported item, which the media tray already shows as that item.
 * Saving sends these again as `mediaUrls`, which imports them (README "Media").
 */
export function legacyMediaUrls(post: Pick<PostView, "mediaUrls" | "media"> | undefined): string[] {
  if (!post) return [];
  const imported = new Set(post.media.flatMap((m) => (m.sourceUrl ? [m.sourceUrl] : [])));
  return post.mediaUrls.filter((url) => !imported.has(url));
}
