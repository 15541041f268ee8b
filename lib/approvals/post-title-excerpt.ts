const TITLE_CHARS = 40;

/** A post's text for a one-line notification title: whitespace folded, cut to 40 characters with "…", in “ ”. */
export function postTitleExcerpt(content: string): string {
  const flat = content.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  const cut = chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join("").trimEnd()}…` : flat;
  return `“${cut || "untitled post"}”`;
}
