import type { Readable } from "node:stream";

/**
 * Where media bytes live (issue 9). Two backends implement it: the local disk under `.data/<profile>/media` (the
 * default) and S3-compatible object storage (`@aws-sdk/client-s3`), chosen from env by getMediaStorage().
 * Keys are opaque, `/`-separated, and made by Cadence (`<workspaceId>/<mediaId>/<variant>`), never from user input.
 * Every method streams: no method holds a whole object in memory.
 */
export interface MediaStorage {
  readonly kind: "local" | "s3";
  /**
   * Streams `body` to `key` (replacing any object there) and resolves with the bytes written. Stops and rejects with
   * MediaTooLargeError once more than `maxBytes` arrived (nothing is left behind under `key`).
   */
  put(key: string, body: Readable, opts: { contentType: string; maxBytes?: number }): Promise<{ bytes: number }>;
  /** Streams an object, or the inclusive byte `range` of it; null when there is no such key. */
  get(
    key: string,
    range?: { start: number; end: number },
  ): Promise<{ body: Readable; bytes: number; contentType: string } | null>;
  /** Size and type of an object; null when there is no such key. */
  head(key: string): Promise<{ bytes: number; contentType: string } | null>;
  /** Removes an object; no error when it is already gone. */
  delete(key: string): Promise<void>;
  /**
   * A URL anyone can GET until `expiresInSec` from now: a presigned GET for S3; null for the local disk (the app's
   * own signed route serves it then).
   */
  presignedGetUrl(key: string, expiresInSec: number): Promise<string | null>;
}

/** Thrown by put() when the stream is longer than its `maxBytes`. */
export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = "MediaTooLargeError";
  }
}
