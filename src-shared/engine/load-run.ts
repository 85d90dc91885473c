/**
 * Load runs of a handler: N requests with at most C in flight, per engine, summarized as
 * requests per second, latency percentiles and a histogram. Shared so the CLI and the Request tab
 * count the same way.
 */

export interface LoadSample {
  ms: number;
  ok: boolean;
}

export interface HistogramBin {
  fromMs: number;
  toMs: number;
  count: number;
}

export interface LoadSummary {
  requests: number;
  failed: number;
  concurrency: number;
  wallMs: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  histogram: HistogramBin[];
}

/** Runs `one` n times with at most `concurrency` in flight; `progress(done, n)` after each. */
export async function runLoad(n: number, concurrency: number, one: () => Promise<LoadSample>, now: () => number, progress: (done: number, n: number) => void = () => {}): Promise<LoadSummary> {
  const samples: LoadSample[] = [];
  let started = 0;
  const t0 = now();
  const lane = async () => {
    while (started < n) {
      started++;
      samples.push(await one());
      progress(samples.length, n);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return summarize(samples, concurrency, now() - t0);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: LoadSample[], concurrency: number, wallMs: number, bins = 12): LoadSummary {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: samples.length,
    failed: samples.filter((s) => !s.ok).length,
    concurrency,
    wallMs: round(wallMs),
    rps: wallMs > 0 ? round((samples.length * 1000) / wallMs) : 0,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    histogram: histogram(sorted, bins),
  };
}

/** Equal-width bins from the fastest to the slowest latency (one bin when they are all equal). */
export function histogram(sorted: number[], bins: number): HistogramBin[] {
  if (sorted.length === 0) return [];
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const n = hi > lo ? bins : 1;
  const width = (hi - lo) / n || 1;
  const out = Array.from({ length: n }, (_, i) => ({ fromMs: Math.round((lo + i * width) * 10) / 10, toMs: Math.round((lo + (i + 1) * width) * 10) / 10, count: 0 }));
  for (const x of sorted) out[Math.min(n - 1, Math.floor((x - lo) / width))]!.count++;
  return out;
}
