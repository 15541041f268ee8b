/**
 * At most `concurrency` calls of run() execute at once; the rest wait in arrival order (a finishing task hands its
 * slot straight to the next waiter). Bounds CPU-heavy media work (sharp, ffmpeg) per process on small machines.
 */
export function createLimiter(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active < concurrency) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
