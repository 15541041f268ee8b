/**
 * The characters LinkedIn's "little" text format reserves for its elements (mentions `@[Name](urn)`, hashtag
 * templates `{hashtag|#|tag}`, …): `\ | { } @ [ ] ( ) < > # * _ ~`. Source:
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format ("All reserved
 * characters need to be escaped with a backslash, even if those characters are not used in one of the supported
 * elements"; unescaped, a post's text is cut or refused where they appear).
 */
export const LITTLE_RESERVED = new Set(["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~"]);

/**
 * `text` as plain text in little format: each reserved character (LITTLE_RESERVED) gets a backslash in front,
 * everything else is left as written, so "(a) @b" is not read as a mention. Pure; unescapeLittleText undoes it.
 */
export function escapeLittleText(text: string): string {
  let out = "";
  for (const ch of text) out += LITTLE_RESERVED.has(ch) ? `\\${ch}` : ch;
  return out;
}

/** The plain text a little-format string stands for: every backslash-escaped character as itself. */
export function unescapeLittleText(little: string): string {
  return little.replace(/\\([\s\S])/g, "$1");
}

/** A hashtag as people type it: "#" after a non-word character (or at the start), then letters, digits or "_". */
const HASHTAG = /(^|[^\p{L}\p{N}_&#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu;

/** A web address in the text: its "#fragment" is part of the link, never a hashtag. */
const URL_LIKE = /\bhttps?:\/\/\S+/giu;

function hashtagsAndEscapes(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(HASHTAG)) {
    const start = (m.index ?? 0) + (m[1] ?? "").length;
    const tag = m[2] ?? "";
    out += `${escapeLittleText(text.slice(last, start))}{hashtag|\\#|${escapeLittleText(tag)}}`;
    last = start + 1 + tag.length;
  }
  return out + escapeLittleText(text.slice(last));
}

/**
 * A post's text as a Posts API `commentary` in little format: hashtags ("#launch") become LinkedIn's HashtagTemplate
 * `{hashtag|\#|launch}` so they stay hashtags, and every other reserved character is escaped (escapeLittleText).
 * A "#" not followed by a letter ("#1", "C#") or inside a web address ("https://a.example/#top") stays plain text.
 * Source: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
 * (HashtagTemplate; reserved characters). Pure and browser-safe.
 */
export function toLittleCommentary(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(URL_LIKE)) {
    const start = m.index ?? 0;
    out += hashtagsAndEscapes(text.slice(last, start)) + escapeLittleText(m[0]);
    last = start + m[0].length;
  }
  return out + hashtagsAndEscapes(text.slice(last));
}
