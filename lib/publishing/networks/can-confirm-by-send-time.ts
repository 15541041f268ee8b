/**
 * canConfirmLostAnswer for an adapter that checkpoints the time its create request left (ISO 8601, written before
 * it leaves, null after a definite refusal) and, on a later attempt, searches the account's recent posts made after
 * it: `sentAt` absent or null → true (the request never left, or was refused: sending is safe); a parseable time →
 * true (the search can tell); anything else (a malformed stored value) → false (unknowable: UNCONFIRMED).
 */
export function canConfirmBySendTime(sentAt: unknown): boolean {
  if (sentAt === undefined || sentAt === null) return true;
  return typeof sentAt === "string" && !Number.isNaN(Date.parse(sentAt));
}
