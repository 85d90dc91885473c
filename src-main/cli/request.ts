import { randomUUID } from 'node:crypto';
import { compareRuns, describeComparison } from '../../src-shared/engine/compare-runs';
import type { HandledResult } from '../../src-shared/engine/engine';
import { hostNotes } from '../../src-shared/engine/host-notes';
import { engineFlag } from './engine-flag';
import { intFlag, parse, UsageError } from './args';
import { loadEngines } from './request-load';
import { handlerFlagHelp, handlerFlagOptions, openHandler } from './handler-target';
import { bodyText, parseHeader, refusals, requestOf, responseJson } from './http-message';

export const requestHelp = `Usage: component-studio request <FILE.wasm | PROJECT-DIR> [PATH] [options]

Hands one HTTP request to a wasi:http handler component (a project is built first), in a fresh
instance per engine, and prints the response. Nothing is granted but what the flags (or the
project's policy) grant. With --engine both the two responses are compared: exit 0 when they
agree (status, headers, body, stdout and stderr), 3 when they differ, 1 when a handler failed.
  PATH                         path with query (default /)
  --engine node|browser|both   which engine handles it (default node)
  -X, --method METHOD          request method (default GET, POST with -d)
  -H, --header 'Name: value'   a request header (repeatable)
  -d, --data BODY              request body (text)
  --json                       print {"requests":[...]} instead of the response
  --load N                     send the request N times per engine (engines one after the other) and
                               print requests/s, latency p50/p90/p99 and a histogram instead
                               (--json: {"loads":[...]}); exit 1 when any got no response or a 5xx
  --concurrency C              requests in flight at once during --load (default 4)
  --reuse                      with --load, Node engine: each worker keeps its instance after a request
                               it answered and serves the next with it, instead of a fresh instance per
                               request (the default, so no request sees what an earlier one left in
                               memory; a StarlingMonkey handler cannot answer twice and is served fresh).
                               The browser engine from the command line opens a page per request, so
                               it has no worker to keep an instance in: it is refused there
${handlerFlagHelp}`;

export async function requestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    engine: { type: 'string' },
    method: { type: 'string', short: 'X' },
    header: { type: 'string', short: 'H', multiple: true },
    data: { type: 'string', short: 'd' },
    json: { type: 'boolean' },
    load: { type: 'string' },
    concurrency: { type: 'string' },
    reuse: { type: 'boolean' },
    ...handlerFlagOptions,
  });
  if (values.help) {
    console.log(requestHelp);
    return 0;
  }
  const [path, urlPath = '/', ...extra] = positionals;
  if (!path || extra.length) throw new UsageError('request takes a component file or project folder, then at most a PATH');
  if (!urlPath.startsWith('/')) throw new UsageError(`PATH starts with /, as in /hello?name=x, not "${urlPath}"`);
  const engines = engineFlag(values.engine);
  const headers = (values.header ?? []).map(parseHeader);
  const body = new TextEncoder().encode(values.data ?? '');
  const method = (values.method ?? (values.data !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(`-X takes a method such as GET or POST, not "${values.method}"`);
  const load = intFlag('load', values.load, 1, 1_000_000);
  const concurrency = intFlag('concurrency', values.concurrency, 1, 256);
  if (concurrency !== undefined && load === undefined) throw new UsageError('--concurrency goes with --load N');
  if (values.reuse && load === undefined) throw new UsageError('--reuse goes with --load N: one request has nothing to reuse');
  if (values.reuse && engines.includes('browser')) throw new UsageError('--reuse is for the Node engine: the browser engine from the command line opens a fresh page per request');
  const handler = await openHandler(path, values);
  if (body.length > handler.maxBodyBytes) throw new UsageError(`the request body is larger than --max-body (${handler.maxBodyBytes / 1024} KiB)`);
  const request = requestOf(method, urlPath, headers, body, 'localhost');
  if (load !== undefined) {
    try {
      return await loadEngines(handler, engines, request, load, concurrency ?? 4, Boolean(values.json), Boolean(values.reuse));
    } finally {
      await handler.target.dispose();
    }
  }
  let results: HandledResult[];
  try {
    results = await Promise.all(engines.map((e) => handler.target.engines[e].handle(randomUUID(), request)));
  } finally {
    await handler.target.dispose();
  }
  const [first, second] = results as [HandledResult, HandledResult | undefined];
  const comparison = second ? compareRuns(first, second) : null;
  if (values.json) {
    const requests = results.map(({ engine, response, error, stdout, stderr, timedOut, timings, trace }) => ({
      engine, response: responseJson(response), error, stdout, stderr, timedOut, timings, trace: handler.trace ? trace : hostNotes(trace),
    }));
    console.log(JSON.stringify({ requests, ...(comparison ? { verdict: comparison.verdict } : {}) }));
  } else {
    for (const r of results) {
      if (results.length > 1) console.log(`── ${r.engine} ${'─'.repeat(40)}`);
      if (r.response) {
        console.log(`HTTP ${r.response.status}`);
        for (const [n, v] of r.response.headers) console.log(`${n}: ${v}`);
        console.log('');
        const text = bodyText(r.response.body);
        process.stdout.write(text ?? `(${r.response.body.length} bytes of binary body)\n`);
        if (text && !text.endsWith('\n')) process.stdout.write('\n');
      }
      process.stderr.write(r.stderr);
      if (handler.trace) for (const t of r.trace) console.error(`[trace ${r.engine}] ${t.interface}.${t.function}(${t.args})${t.count ? ` ×${t.count} calls` : ` -> ${t.result}`}${t.denied ? '  DENIED' : ''}`);
      else for (const line of refusals(r)) console.error(`${r.engine}: ${line}`);
      if (r.error) console.error(`${r.engine}: the handler failed: ${r.error}`);
      if (r.timedOut) console.error(`${r.engine}: timed out`);
    }
    if (comparison) console.log(`${describeComparison(comparison)}.`);
  }
  if (results.some((r) => r.timedOut)) return 124;
  if (comparison?.verdict === 'differ') return 3;
  return results.every((r) => r.response) ? 0 : 1;
}
