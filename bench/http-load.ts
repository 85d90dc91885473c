import { Agent, get } from 'node:http';

export interface LoadResult {
  /** Wall time of the whole load, first request sent to last response read. */
  ms: number;
  /** Each request's latency, in completion order. */
  latencies: number[];
  /** Responses that were not 200, or requests that failed. */
  failed: string[];
}

/**
 * The one load client both servers get: `n` GETs of `url`, `concurrency` at a time over keep-alive
 * connections, each response read to its end. The same client on both sides is what makes the
 * ratio a comparison of servers and not of clients.
 */
export async function loadRun(url: string, n: number, concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const failed: string[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t);
          if (res.statusCode !== 200) failed.push(`HTTP ${res.statusCode}`);
          resolve();
        });
      }).on('error', (err) => {
        failed.push(err.message);
        resolve();
      });
    });
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < n) await one();
    }));
  } finally {
    agent.destroy();
  }
  return { ms: performance.now() - t0, latencies, failed };
}
