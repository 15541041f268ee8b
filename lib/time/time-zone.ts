// IANA names only ("Europe/Berlin", "UTC"), not raw offsets such as "+02:00" (a zone, not an offset, knows DST).
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** True when `timeZone` is an IANA zone name this runtime knows (matched case-insensitively, as Intl does). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!IANA_NAME.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
