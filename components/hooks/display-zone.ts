import { humanizeInstants } from "@/lib/time/format-date-time";

// The zone dates are shown in when a message arrives outside React (an API error): the active workspace's, set by
// the dashboard shell (components/shell/compose-provider.tsx) from the session; the browser's until then.
let zone: string | undefined;

export function setDisplayZone(timeZone: string): void {
  zone = timeZone;
}

/** `message` with every ISO 8601 instant in it written for a person, in their locale and the workspace's zone. */
export function humanizeMessage(message: string): string {
  const timeZone = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  try {
    return humanizeInstants(message, { timeZone, now: new Date() });
  } catch {
    return message; // an unknown zone (RangeError): the message as it came is better than none
  }
}
