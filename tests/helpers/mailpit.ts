import { waitFor } from "@/tests/helpers/wait-for";

// Reads what the app sent through the launcher's Mailpit (scripts/stack/mailpit.ts) with its HTTP API
// (https://mailpit.axllent.org/docs/api-v1/): search by recipient, then the message itself. Tests send to addresses
// of their own, so files running in parallel never read each other's mail. Never calls Mailpit's link-check or
// HTML-check endpoints (they fetch outside addresses).

export type MailpitMessage = {
  ID: string;
  Subject: string;
  From: { Address: string; Name: string };
  To: { Address: string; Name: string }[];
  Text: string;
  HTML: string;
};

function apiUrl(): string {
  const url = process.env.MAILPIT_API_URL;
  if (!url) throw new Error("MAILPIT_API_URL is not set: run the tests through `npm run stack -- exec -- …`");
  return url;
}

async function api<T>(method: string, path: string): Promise<T> {
  const res = await fetch(`${apiUrl()}${path}`, { method, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`Mailpit ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  // DELETE answers a plain "ok".
  return (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined) as T;
}

const toQuery = (address: string) => `?query=${encodeURIComponent(`to:"${address}"`)}`;

/** The summaries of every message to `address`, newest first. */
export async function listMessagesTo(address: string): Promise<{ ID: string; Subject: string }[]> {
  const found = await api<{ messages: { ID: string; Subject: string }[] }>("GET", `/api/v1/search${toQuery(address)}`);
  return found.messages;
}

/** One whole message (Text, HTML with `&amp;` in its links, headers as parsed by Mailpit). */
export function readMessage(id: string): Promise<MailpitMessage> {
  return api<MailpitMessage>("GET", `/api/v1/message/${encodeURIComponent(id)}`);
}

/**
 * Waits (at most `timeoutMs`, default 10 s) until `count` messages to `address` have arrived and returns the newest,
 * read in full. Fails naming the address and how many it found.
 */
export async function waitForMessageTo(
  address: string,
  { count = 1, timeoutMs = 10_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<MailpitMessage> {
  const newest = await waitFor(
    async () => {
      const messages = await listMessagesTo(address);
      return messages.length >= count ? messages[0] : undefined;
    },
    { what: `${count} message(s) to ${address} in Mailpit`, timeoutMs, everyMs: 100 },
  );
  return readMessage(newest.ID);
}

/** Deletes every message to `address` (cleanup after a test). */
export async function deleteMessagesTo(address: string): Promise<void> {
  await api("DELETE", `/api/v1/search${toQuery(address)}`);
}

/** The first http(s) link in the message's text whose path starts with `pathPrefix` (e.g. "/invite/"). */
export function linkIn(message: MailpitMessage, pathPrefix: string): string {
  for (const match of message.Text.matchAll(/https?:\/\/\S+/g)) {
    if (new URL(match[0]).pathname.startsWith(pathPrefix)) return match[0];
  }
  throw new Error(`no ${pathPrefix} link in the mail "${message.Subject}":\n${message.Text}`);
}
