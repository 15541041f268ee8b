/** The first line of a post's text, at most `max` characters (code points): how queue rows, toasts and announcements name a post. */
export function excerptOf(content: string, max = 80): string {
  const line = content.trim().split("\n")[0] ?? "";
  if (line === "") return "(no text)";
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : line;
}
