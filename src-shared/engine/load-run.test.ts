import { describe, expect, it } from 'vitest';
import { histogram, percentile, runLoad, summarize } from './load-run';

describe('load runs', () => {
  it('makes exactly n requests, never more than the concurrency at once, and reports progress to n', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const seen: number[] = [];
    const r = await runLoad(
      10,
      3,
      async () => {
        calls++;
        most = Math.max(most, ++inFlight);
        await new Promise((res) => setTimeout(res, 1));
        inFlight--;
        return { ms: calls, ok: calls !== 4 };
      },
      () => performance.now(),
      (done) => seen.push(done),
    );
    expect(calls).toBe(10);
    expect(most).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.requests).toBe(10);
    expect(r.failed).toBe(1);
  });

  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 90), percentile(xs, 99)]).toEqual([50, 90, 99]);
    expect(percentile([7], 99)).toBe(7);
  });

  it('bins every latency once, the slowest in the last bin', () => {
    const h = histogram([1, 2, 2, 3, 10], 3);
    expect(h.map((b) => b.count)).toEqual([4, 0, 1]);
    expect(h[0]!.fromMs).toBe(1);
    expect(h[2]!.toMs).toBe(10);
    expect(histogram([5, 5], 4)).toEqual([{ fromMs: 5, toMs: 6, count: 2 }]);
  });

  it('computes requests per second from the wall time', () => {
    const s = summarize([{ ms: 10, ok: true }, { ms: 30, ok: true }], 2, 500);
    expect(s.rps).toBe(4);
    expect(s.p50).toBe(10);
    expect(s.p99).toBe(30);
  });
});
