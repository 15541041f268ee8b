import { z } from "zod";

/** A channel's `config` / `credentials` may nest this many levels (the object itself is level 1). */
export const MAX_SETTINGS_DEPTH = 8;
/** …and take this many bytes as UTF-8 JSON. */
export const MAX_SETTINGS_BYTES = 16 * 1024;

/** Levels of objects/arrays in a parsed JSON value: 0 for a scalar, 1 for `{}`. Iterative (no stack to overflow). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== "object") continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    for (const child of Object.values(item)) stack.push([child, level]);
  }
  return deepest;
}

/**
 * Any JSON value within MAX_SETTINGS_DEPTH and MAX_SETTINGS_BYTES: what a channel's settings may be before the
 * platform's own schema looks at them. Stops a request from storing megabytes or thousands of levels of JSON.
 */
export const boundedJson = z
  .unknown()
  .refine((v) => jsonDepth(v) <= MAX_SETTINGS_DEPTH, `must not nest more than ${MAX_SETTINGS_DEPTH} levels deep`)
  .refine(
    (v) => Buffer.byteLength(JSON.stringify(v) ?? "", "utf8") <= MAX_SETTINGS_BYTES,
    `must be at most ${MAX_SETTINGS_BYTES} bytes as JSON`,
  );
