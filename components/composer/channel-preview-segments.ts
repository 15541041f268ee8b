/** One run of a preview's text: plain, or what the network will mark (a link, a mention, a hashtag). */
export type PreviewSegment = {
  kind: "text" | "link" | "mention" | "tag";
  text: string;
  /** True where the network refuses this part (past its length limit, or a link past its link limit). */
  over: boolean;
};

/** A span of the text the network marks, in UTF-16 code units [start, end); `over`: refused on its own. */
export type PreviewMark = { start: number; end: number; kind: Exclude<PreviewSegment["kind"], "text">; over?: boolean };

/**
 * `text` cut into segments at the `marks` (non-overlapping, any order) and at `overFrom` (a UTF-16 index: from there
 * on every segment is `over`; null: nothing is past the limit). Joined, the segments' `text` is `text`; an empty
 * text gives none. Pure: the composer's previews render what it returns.
 */
export function cutPreviewSegments(
  text: string,
  marks: readonly PreviewMark[],
  overFrom: number | null = null,
): PreviewSegment[] {
  const inRange = (i: number) => i > 0 && i < text.length;
  const cuts = new Set<number>([0, text.length]);
  for (const m of marks) {
    if (inRange(m.start)) cuts.add(m.start);
    if (inRange(m.end)) cuts.add(m.end);
  }
  if (overFrom !== null && inRange(overFrom)) cuts.add(overFrom);
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: PreviewSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    const mark = marks.find((m) => m.start <= start && start < m.end);
    segments.push({
      kind: mark?.kind ?? "text",
      text: text.slice(start, end),
      over: (overFrom !== null && start >= overFrom) || mark?.over === true,
    });
  }
  return segments;
}
