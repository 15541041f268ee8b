import { createHash } from "node:crypto";
import { Transform } from "node:stream";

export type ByteMeter = Transform & { readonly bytes: number; digest(): string };

/** A pass-through stream that counts the bytes and hashes them (SHA-256, hex from digest() once it has ended). */
export function createByteMeter(): ByteMeter {
  const hash = createHash("sha256");
  let bytes = 0;
  let hex: string | undefined;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  // defineProperties, not Object.assign: assign would copy the getter's value once instead of the getter.
  return Object.defineProperties(meter, {
    bytes: { get: () => bytes },
    digest: {
      value: () => {
        hex ??= hash.digest("hex");
        return hex;
      },
    },
  }) as ByteMeter;
}
