import { randomUUID } from 'node:crypto';
import type { EngineName } from '../../src-shared/protocol/types';
import type { HttpRequest } from '../../src-shared/engine/http-handler';
import { runLoad, type LoadSummary } from '../../src-shared/engine/load-run';
import type { HandlerTarget } from './handler-target';

/**
 * `request --load N`: N copies of the request per engine, C in flight, each in a fresh instance
 * unless `reuse` (each run worker then keeps its instance for the next request). The engines take turns rather than running together, so neither one's numbers
 * include the other's load on the same cores. A request counts as failed when it got no response
 * or a 5xx one. The engine is prepared (transpiled) before the clock starts.
 */
export async function loadEngines(handler: HandlerTarget, engines: EngineName[], request: HttpRequest, n: number, concurrency: number, json: boolean, reuse = false): Promise<number> {
  const loads: (LoadSummary & { engine: EngineName; reused: number })[] = [];
  const notices = new Set<string>();
  for (const engine of engines) {
    // Transpile (and for the browser, start the page) before timing: a load run measures requests, not set-up.
    await handler.target.engines[engine].prepare();
    let reused = 0;
    const summary = await runLoad(
      n,
      concurrency,
      async () => {
        const t = performance.now();
        const r = await handler.target.engines[engine].handle(randomUUID(), request, {}, { reuse });
        if (r.reusedInstance) reused++;
        if (r.notice) notices.add(r.notice);
        return { ms: performance.now() - t, ok: r.response !== null && r.response !== undefined && r.response.status < 500 };
      },
      () => performance.now(),
      (done) => {
        if (!json && process.stderr.isTTY) process.stderr.write(`\r${engine}: ${done}/${n}`);
      },
    );
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    loads.push({ engine, ...summary, reused });
  }
  if (json) console.log(JSON.stringify({ loads, ...(notices.size ? { notices: [...notices] } : {}) }));
  else {
    for (const l of loads) printLoad(l, reuse);
    for (const n of notices) console.error(`note: ${n}`);
  }
  return loads.every((l) => l.failed === 0) ? 0 : 1;
}

function printLoad(l: LoadSummary & { engine: EngineName; reused: number }, reuse: boolean): void {
  console.log(`── ${l.engine}: ${l.requests} requests at concurrency ${l.concurrency} in ${(l.wallMs / 1000).toFixed(2)} s, ${l.failed} failed${reuse ? `, ${l.reused} by a reused instance` : ''}`);
  console.log(`   ${l.rps} requests/s   p50 ${l.p50} ms   p90 ${l.p90} ms   p99 ${l.p99} ms`);
  const most = Math.max(...l.histogram.map((b) => b.count));
  for (const b of l.histogram) {
    const bar = '█'.repeat(Math.round((b.count / most) * 40));
    console.log(`   ${`${b.fromMs}–${b.toMs} ms`.padStart(20)} ${String(b.count).padStart(5)} ${bar}`);
  }
}
