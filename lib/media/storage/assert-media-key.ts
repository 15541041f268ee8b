/**
 * Checks a storage key before any backend touches it, so one key means the same object on the local disk and in S3
 * and can never leave the storage root: 1-1024 bytes (S3's key limit), `/`-separated segments of 1-255 characters
 * (a file name's limit) from `A-Z a-z 0-9 . _ -`, each starting with a letter or digit (so no `.`, `..`, hidden
 * files, empty segments or leading/trailing `/`). Keys are made by Cadence, so a bad one is a bug: throws an Error
 * naming it.
 */
export function assertMediaKey(key: string): void {
  const segment = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
  if (key.length === 0 || key.length > 1024 || !key.split("/").every((s) => segment.test(s))) {
    throw new Error(`invalid media storage key ${JSON.stringify(key.slice(0, 100))}`);
  }
}
