// Small statistics helpers shared by the benchmarks.

/** The q-quantile (0..1) of `values` by the nearest-rank method; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export type Summary = { n: number; min: number; p50: number; p99: number; max: number; mean: number };

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, min: NaN, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return {
    n: values.length,
    min,
    p50: quantile(values, 0.5),
    p99: quantile(values, 0.99),
    max,
    mean: sum / values.length,
  };
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; resolves when all are settled. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  async function lane() {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : "n/a");
export const fmtRate = (perSecond: number) => (Number.isFinite(perSecond) ? `${Math.round(perSecond)}/s` : "n/a");
export const ratio = (ours: number, bare: number) =>
  Number.isFinite(ours) && Number.isFinite(bare) && bare !== 0 ? `${(ours / bare).toFixed(2)}×` : "n/a";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
