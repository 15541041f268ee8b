/** What GET/PUT /api/workspace/failure-webhook answer: never the secret, except `secret` once when it was made. */
export type FailureWebhookView = {
  configured: boolean;
  url: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** Only in the answer that created or rotated it. */
  secret?: string;
};

/** The view of a FailureWebhook row (or of none). */
export function toFailureWebhookView(
  row: { url: string; createdAt: Date; updatedAt: Date } | null,
  secret?: string,
): FailureWebhookView {
  if (!row) return { configured: false, url: null, createdAt: null, updatedAt: null };
  return {
    configured: true,
    url: row.url,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}
