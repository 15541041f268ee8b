import type { mastodon } from "masto";
import type { MastodonStatusBody } from "@/lib/publishing/networks/mastodon/format";

/** How far the server's clock may be behind ours when matching created_at against the attempt's start. */
export const CLOCK_SKEW_MS = 2 * 60_000;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * Status HTML as plain text for comparison: <br> and paragraph breaks become newlines, tags are dropped (a linked
 * URL keeps its full text: Mastodon hides the cut-off part in an invisible <span>, it is still in the HTML), and
 * character references are decoded.
 */
export function statusHtmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

const squash = (text: string) => text.replace(/\s+/g, "");

/**
 * True when `status` is the one `expected` describes, sent at or after `since`: not a boost; created_at no earlier
 * than `since` minus CLOCK_SKEW_MS; the same text (the plain `text` where the server gives it, else the HTML as
 * text; whitespace ignored, since servers reflow it), the same content warning, and the same media descriptions
 * in the same order.
 */
export function isSentStatus(status: mastodon.v1.Status, expected: MastodonStatusBody, since: Date): boolean {
  if (status.reblog) return false;
  const created = Date.parse(status.createdAt);
  if (Number.isNaN(created) || created < since.getTime() - CLOCK_SKEW_MS) return false;
  const text = typeof status.text === "string" && status.text !== "" ? status.text : statusHtmlToText(status.content);
  if (squash(text) !== squash(expected.status)) return false;
  if ((status.spoilerText ?? "").trim() !== (expected.spoilerText ?? "")) return false;
  const got = (status.mediaAttachments ?? []).map((a) => (a.description ?? "").trim());
  const want = expected.media.map((m) => (m.description ?? "").trim());
  return got.length === want.length && got.every((d, i) => d === want[i]);
}

/**
 * Looks for a status an earlier request may have made after its answer was lost: the account's 40 most recent
 * statuses (GET /api/v1/accounts/:id/statuses?limit=40: https://docs.joinmastodon.org/methods/accounts/#statuses),
 * the oldest match first (isSentStatus). Null when none matches. Throws masto's errors.
 */
export async function findSentStatus({
  rest,
  accountId,
  expected,
  since,
  exclude = new Set<string>(),
}: {
  rest: mastodon.rest.Client;
  accountId: string;
  expected: MastodonStatusBody;
  since: Date;
  /** Status ids other publications on the channel already are (PublishRequest.claimedPostIds): never a match. */
  exclude?: ReadonlySet<string>;
}): Promise<mastodon.v1.Status | null> {
  const recent = await rest.v1.accounts.$select(accountId).statuses.list({ limit: 40 });
  const matches = recent.filter((s) => !exclude.has(s.id) && isSentStatus(s, expected, since));
  return matches.at(-1) ?? null;
}
