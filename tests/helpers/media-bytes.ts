import { createHash } from "node:crypto";
import { Readable } from "node:stream";

/** Deterministic pseudo-random bytes (a xorshift stream): the same `seed` always gives the same content. */
function nextChunk(state: { x: number }, bytes: number): Buffer {
  const buffer = Buffer.alloc(Math.ceil(bytes / 4) * 4);
  for (let i = 0; i < buffer.length; i += 4) {
    state.x ^= state.x << 13;
    state.x ^= state.x >>> 17;
    state.x ^= state.x << 5;
    buffer.writeInt32LE(state.x | 0, i);
  }
  return buffer.subarray(0, bytes);
}

/** `bytes` deterministic bytes as a stream made on the fly in 64 KiB chunks (never all in memory at once). */
export function generatedStream(bytes: number, seed = 1): Readable {
  const state = { x: seed | 1 };
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const out = nextChunk(state, Math.min(65_536, left));
      left -= out.length;
      this.push(out);
    },
  });
}

/** The same bytes as generatedStream(bytes, seed), whole (only for small sizes). */
export function generatedBuffer(bytes: number, seed = 1): Buffer {
  const state = { x: seed | 1 };
  const parts: Buffer[] = [];
  for (let left = bytes; left > 0; ) {
    const out = nextChunk(state, Math.min(65_536, left));
    parts.push(out);
    left -= out.length;
  }
  return Buffer.concat(parts);
}

/** A stream of `chunkBytes`-sized chunks of one reused buffer that never ends; `produced()` says how much it gave. */
export function endlessStream(chunkBytes = 65_536): { stream: Readable; produced: () => number } {
  const chunk = Buffer.alloc(chunkBytes, 7);
  let produced = 0;
  const stream = new Readable({
    read() {
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced };
}

/** `bytes` bytes of one reused 64 KiB buffer: for volume tests where content does not matter and allocation must not. */
export function repeatedStream(bytes: number): Readable {
  const chunk = Buffer.alloc(65_536, 42);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const out = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= out.length;
      this.push(out);
    },
  });
}

/** sha256 (hex) and length of a stream, read to the end without keeping it. */
export async function digestStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

export const sha256 = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");
