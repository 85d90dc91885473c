import { join } from 'node:path';
import { result, type CaseResult, type Reps } from './cases';
import { loadRun, type LoadResult } from './http-load';
import { jcoServe, studioServe, type ServerProc } from './http-servers';
import { check, median, Phases } from './stats';
import type { WarmStudio } from './warm-studio';

/** The route both servers are loaded on: a JSON response built from the query, no clock read. */
const ROUTE = '/json?name=bench';
const CONCURRENCY = 4;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

function checkLoad(r: LoadResult, what: string) {
  check(r.failed.length === 0, `${what}: ${r.failed.length} requests failed (${[...new Set(r.failed)].slice(0, 3).join('; ')})`);
}

/**
 * samples/http-hello built once, served by `component-studio serve` (the Node engine, a fresh
 * instance per request) and by `jco serve --isolate-requests instance` (the same), both as their
 * own processes, loaded by the same client in this process.
 */
export class HttpBench {
  private servers: Promise<{ studio: ServerProc; jco: ServerProc }> | null = null;

  constructor(private readonly ws: WarmStudio) {}

  private start() {
    this.servers ??= (async () => {
      const studio = this.ws.openSample('http-hello');
      const built = await studio.handlers['build.start']({});
      check(built.ok && built.componentPath, `http-hello did not build: ${built.log}`);
      const wasm = join(studio.workspace.dir, built.componentPath);
      const [s, j] = await Promise.allSettled([studioServe(wasm, CONCURRENCY), jcoServe(wasm)]);
      if (s.status === 'rejected' || j.status === 'rejected') {
        if (s.status === 'fulfilled') s.value.stop();
        if (j.status === 'fulfilled') j.value.stop();
        throw s.status === 'rejected' ? s.reason : (j as PromiseRejectedResult).reason;
      }
      return { studio: s.value, jco: j.value };
    })();
    return this.servers;
  }

  /** Requests per second at concurrency 4, reported as ms per request (1000 / rps), so ratio = studio rps / jco rps. */
  async rps(reps: Reps): Promise<CaseResult> {
    const { studio, jco } = await this.start();
    const n = reps.fast * 3;
    const sp = new Phases();
    const bp = new Phases();
    const s: number[] = [];
    const b: number[] = [];
    const round = async (server: ServerProc, keep: boolean, into: number[], p: Phases, what: string) => {
      const r = await loadRun(server.url + ROUTE, n, CONCURRENCY);
      checkLoad(r, what);
      if (!keep) return;
      into.push(r.ms / n);
      p.add('requests per second', (n * 1000) / r.ms);
      p.add('latency p50', quantile(r.latencies, 0.5));
      p.add('latency p90', quantile(r.latencies, 0.9));
      p.add('latency p99', quantile(r.latencies, 0.99));
    };
    await round(studio, false, s, sp, 'studio warm-up');
    await round(jco, false, b, bp, 'jco warm-up');
    // Alternating, starting with each in turn, so neither side gets the quieter moments.
    for (let i = 0; i < reps.slow; i++) {
      const order: [ServerProc, number[], Phases, string][] = [[studio, s, sp, 'component-studio serve'], [jco, b, bp, 'jco serve']];
      if (i % 2) order.reverse();
      for (const [server, into, p, what] of order) await round(server, true, into, p, what);
    }
    const rps = (xs: number[]) => (1000 / median(xs)).toFixed(1);
    return result(
      'http-rps-node',
      s,
      b,
      sp,
      bp,
      `ms per request at throughput (1000 / requests per second): studio ${rps(s)} req/s, jco ${rps(b)} req/s; ${reps.slow} rounds of ${n} GETs of ${ROUTE} at concurrency ${CONCURRENCY} per side, keep-alive; studio = component-studio serve (Node engine, fresh instance per request), baseline = jco serve --isolate-requests instance (jco's default reuses one instance, which a StarlingMonkey handler cannot survive)`,
    );
  }

  /** One request at a time, each a fresh instance: the median latency a single client sees. */
  async cold(reps: Reps): Promise<CaseResult> {
    const { studio, jco } = await this.start();
    const sp = new Phases();
    const bp = new Phases();
    const s: number[] = [];
    const b: number[] = [];
    const once = async (server: ServerProc, keep: boolean, into: number[], what: string) => {
      const r = await loadRun(server.url + ROUTE, 1, 1);
      checkLoad(r, what);
      if (keep) into.push(r.latencies[0]!);
    };
    for (let i = 0; i < reps.warmup; i++) {
      await once(studio, false, s, 'studio warm-up');
      await once(jco, false, b, 'jco warm-up');
    }
    for (let i = 0; i < reps.fast; i++) {
      if (i % 2) {
        await once(studio, true, s, 'component-studio serve');
        await once(jco, true, b, 'jco serve');
      } else {
        await once(jco, true, b, 'jco serve');
        await once(studio, true, s, 'component-studio serve');
      }
    }
    sp.add('latency p90', quantile(s, 0.9));
    bp.add('latency p90', quantile(b, 0.9));
    return result(
      'http-cold-request',
      s,
      b,
      sp,
      bp,
      `median latency of one GET ${ROUTE} with nothing else in flight, a fresh instance each; studio = component-studio serve, baseline = jco serve --isolate-requests instance`,
    );
  }

  async dispose(): Promise<void> {
    const servers = await this.servers?.catch(() => null);
    servers?.studio.stop();
    servers?.jco.stop();
  }
}
