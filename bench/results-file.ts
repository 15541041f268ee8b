/**
 * bench/RESULTS.md is made of marked sections, one per benchmark part:
 * `<!-- bench:NAME -->` … `<!-- /bench:NAME -->`. A run replaces the sections it ran and keeps everything else.
 */
export function replaceSection(doc: string, name: string, content: string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${content.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start >= 0 && end > start) return doc.slice(0, start) + block + doc.slice(end + close.length);
  return `${doc.trimEnd()}\n\n${block}\n`;
}
