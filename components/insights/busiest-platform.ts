/**
 * The platform Insights opens on: the one whose answer rests on the most measured posts (`basedOnPosts` of
 * GET /api/scheduling/optimal-times; 0 for the suggested defaults). A tie keeps the earlier candidate (the
 * workspace's channel order), and so does "no data anywhere". Undefined when there are no candidates.
 */
export function busiestPlatform<P extends string>(
  candidates: ReadonlyArray<{ platform: P; basedOnPosts: number }>,
): P | undefined {
  let best: { platform: P; basedOnPosts: number } | undefined;
  for (const c of candidates) if (!best || c.basedOnPosts > best.basedOnPosts) best = c;
  return best?.platform;
}
