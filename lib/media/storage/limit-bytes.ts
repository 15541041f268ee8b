import { Transform } from "node:stream";
import { MediaTooLargeError } from "./types";

/** A pass-through stream that counts what passes (`bytes`) and fails with MediaTooLargeError past `maxBytes`. */
export type ByteCounter = Transform & { readonly bytes: number };

/**
 * Counts the bytes of an upload on their way to storage and stops it once more than `maxBytes` (bytes; omitted:
 * no limit) went through: the stream then errors with MediaTooLargeError, which aborts a pipeline feeding a
 * backend. Holds no data itself beyond the stream's own buffer (highWaterMark).
 */
export function limitBytes(maxBytes?: number): ByteCounter {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (maxBytes !== undefined && bytes > maxBytes) callback(new MediaTooLargeError(maxBytes));
      else callback(null, chunk);
    },
  });
  Object.defineProperty(counter, "bytes", { get: () => bytes });
  return counter as ByteCounter;
}
