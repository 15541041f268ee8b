// Counting primitives the platforms' rules share. Intl.Segmenter is built into Node and every current browser.

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const encoder = new TextEncoder();
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** What a person sees as one character (UAX #29 extended grapheme clusters): "👨‍👩‍👧‍👦" is 1, "é" as e + ◌́ is 1. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Unicode code points: "👍" is 1, "👍🏽" is 2. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** UTF-16 code units, JavaScript's `length` (and Java's): "👍" is 2. What TikTok documents as "UTF-16 runes". */
export function utf16Length(text: string): number {
  return text.length;
}

/** True when the grapheme is (or holds) an emoji: pictographs, flags, keycaps, skin-tone and ZWJ sequences. */
export function isEmoji(grapheme: string): boolean {
  return EMOJI.test(grapheme);
}

// #tag after start, space or punctuation (not inside a word, URL path or HTML entity), holding at least one letter.
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&/#])[#＃]([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu;
// @name after start, space or punctuation (not in an e-mail address).
const MENTION = /(?<![\p{L}\p{M}\p{N}_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)/gu;

export function countHashtags(text: string): number {
  return text.match(HASHTAG)?.length ?? 0;
}

export function countMentions(text: string): number {
  return text.match(MENTION)?.length ?? 0;
}
