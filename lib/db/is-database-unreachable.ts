/**
 * True when `err` says PostgreSQL could not be reached or dropped the connection (an outage of our own database,
 * not a fault of the request). Recognised, anywhere on the `cause` chain:
 * - Node socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EPIPE, EAI_AGAIN);
 * - PostgreSQL SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now),
 *   https://www.postgresql.org/docs/current/errcodes-appendix.html;
 * - node-postgres "Connection terminated …" and pool connect timeouts;
 * - Prisma P1001 (can't reach), P1002 (timed out), P1017 (server closed the connection), P2024 (pool timeout),
 *   https://www.prisma.io/docs/orm/reference/error-reference, and the pg driver adapter's kinds
 *   (DatabaseNotReachable, ConnectionClosed, SocketTimeout), also when wrapped in a P2010 raw-query error.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  // fetch() wraps a refused connection to some other server the same way: that is not our database.
  if (err instanceof TypeError && err.message === "fetch failed") return false;
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    if (looksUnreachable(current as Record<string, unknown>)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
const PG_CODES = new Set(["57P01", "57P02", "57P03"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /can't reach database server/i,
  /server closed the connection/i,
];

function looksUnreachable(e: Record<string, unknown>): boolean {
  const code = typeof e.code === "string" ? e.code : "";
  if (SOCKET_CODES.has(code) || PG_CODES.has(code) || PRISMA_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
    return true;
  }
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnreachable(inner))) return true; // AggregateError
  const adapterCause = (e.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)
    ?.driverAdapterError?.cause;
  if (adapterCause?.kind && ADAPTER_KINDS.has(adapterCause.kind)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return MESSAGES.some((m) => m.test(message));
}
