// HTTP handler components end to end, on samples/http-hello (a StarlingMonkey guest: ~55 s to
// build, ~5 s to transpile per process): its routes must answer identically in both engines,
// `request --engine both` must say so, `serve` must answer a real HTTP client, a failing or
// trapping handler must get a 500 while the server lives on, and a capability the policy refuses
// inside a handler must be reported for that request.
import { execFile, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src-shared/engine/compare-runs';
import { hostNoteLine, hostNotes } from '../../src-shared/engine/host-notes';
import { incomingHandlerOf, incomingHttp, type HttpRequest, type ShimHttpTypes } from '../../src-shared/engine/http-handler';
import type { Instantiate } from '../../src-shared/engine/run-command';
import { enforce } from '../../src-shared/capabilities/enforce';
import { denyAll, resolveGrants } from '../../src-shared/capabilities/policy';
import { nodeShim } from '../host/engine/shim';
import { transpileComponent } from '../host/engine/transpile';
import { appRoot } from '../paths';
import { openTarget, type RunTarget } from './targets';
import { serve } from './serve-process';

const run = promisify(execFile);
const cli = join(appRoot, 'bin/component-studio.js');
const dir = mkdtempSync(join(tmpdir(), 'http-hello-'));
const project = join(dir, 'http-hello');
const wasm = join(project, 'build', 'http-hello.wasm');
const text = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(async () => {
  cpSync(join(appRoot, 'samples/http-hello'), project, { recursive: true, filter: (p) => !/\/(build|\.studio)$/.test(p) });
  const { stdout } = await run(process.execPath, [cli, 'build', project], { timeout: 300_000 });
  expect(stdout.trim()).toBe(wasm);
}, 320_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = (method: string, path: string, headers: [string, string][] = [], body = ''): HttpRequest => ({
  method, path, headers, body: new TextEncoder().encode(body), authority: 'localhost', scheme: 'http',
});

describe('the sample handler in both engines', () => {
  let target: RunTarget;
  beforeAll(async () => {
    target = await openTarget(project, { policy: {}, limits: {}, trace: true }, () => {});
  });
  afterAll(() => target?.dispose());

  const routes: [string, HttpRequest, number, (body: string, headers: [string, string][]) => void][] = [
    ['GET /', request('GET', '/'), 200, (b) => expect(b).toMatch(/^Hello from a WebAssembly component!/)],
    ['GET /json?name=ada', request('GET', '/json?name=ada'), 200, (b, h) => {
      expect(JSON.parse(b)).toEqual({ greeting: 'hello', name: 'ada', method: 'GET' });
      expect(h).toContainEqual(['content-type', 'application/json']);
    }],
    ['GET /hello', request('GET', '/hello', [['X-Name', 'Grace']]), 200, (b) => expect(b).toBe('Hello, Grace!\n')],
    ['POST /echo', request('POST', '/echo', [['content-type', 'text/x-test']], 'body ✓ bytes'), 200, (b, h) => {
      expect(b).toBe('body ✓ bytes');
      expect(h).toContainEqual(['content-type', 'text/x-test']);
    }],
    ['GET /echo', request('GET', '/echo'), 405, (b) => expect(b).toBe('POST a body to /echo\n')],
    ['GET /time', request('GET', '/time'), 200, (b) => expect(b).toBe('2026-01-01T00:00:00.000Z\n')],
    ['GET /nowhere', request('GET', '/nowhere'), 404, (b) => expect(b).toBe('no route for /nowhere\n')],
  ];

  it.each(routes)('%s answers alike', async (_label, req, status, check) => {
    const [node, browser] = await Promise.all([target.engines.node.handle(randomUUID(), req), target.engines.browser.handle(randomUUID(), req)]);
    for (const r of [node, browser]) {
      expect(r.error, `${r.engine}: ${r.error}`).toBeNull();
      expect(r.response!.status).toBe(status);
      check(text(r.response!.body), r.response!.headers);
    }
    expect(compareRuns(node, browser)).toEqual({ verdict: 'agree', call: false, response: true });
  }, 120_000);

  it('a handler that throws gets no response, and says why, in both engines', async () => {
    const [node, browser] = await Promise.all([target.engines.node.handle(randomUUID(), request('GET', '/fail')), target.engines.browser.handle(randomUUID(), request('GET', '/fail'))]);
    for (const r of [node, browser]) {
      expect(r.response).toBeNull();
      expect(r.error).toMatch(/returned before finishing its body/);
      expect(r.stderr).toContain('this route fails on purpose');
    }
  }, 120_000);
});

describe("the sample's outgoing fetch (/fetch)", () => {
  // A local origin the test owns, so the host side of every fetch is seen: what reached it, and what did not.
  let origin = '';
  const seen: string[] = [];
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end(`upstream saw ${req.url}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const fetchVia = async (origins: string[] | null, path: string) => {
    const policy = origins ? { http: { mode: 'allow' as const, origins } } : {};
    const t = await openTarget(project, { policy, limits: {}, trace: true }, () => {});
    try {
      const req = request('GET', `/fetch?url=${encodeURIComponent(`${origin}${path}`)}`);
      return await Promise.all([t.engines.node.handle(randomUUID(), req), t.engines.browser.handle(randomUUID(), req)]);
    } finally {
      await t.dispose();
    }
  };

  it('reaches an allow-listed origin from the Node engine; the browser engine says why it cannot', async () => {
    const [node, browser] = await fetchVia([origin], '/allowed');
    expect(node.error, node.error ?? '').toBeNull();
    expect(node.response!.status).toBe(200);
    expect(text(node.response!.body)).toBe(`${origin}/allowed answered 200: upstream saw /allowed`);
    expect(node.trace.filter((t) => t.interface.startsWith('wasi:http/outgoing-handler')).map((t) => [t.function, t.denied, t.error])).toEqual([['handle', false, false]]);
    // The browser engine's guest gets an error it can survive (StarlingMonkey's fetch rejects and the
    // route answers 502); the reason is in the trace, as the guest cannot see it.
    expect(browser.response!.status).toBe(502);
    expect(hostNotes(browser.trace).map(hostNoteLine)).toEqual([expect.stringMatching(/^failed wasi:http\/outgoing-handler\.handle\(.*internal-error.*no JSPI/)]);
    expect(seen).toEqual(['GET /allowed']);
  }, 180_000);

  it('refuses an origin not in the allow-list in both engines, traced as denied, and nothing reaches it', async () => {
    for (const origins of [null, ['http://127.0.0.1:1']]) {
      const results = await fetchVia(origins, '/refused');
      for (const r of results) {
        expect(r.response!.status, r.engine).toBe(502);
        expect(text(r.response!.body)).toMatch(/^fetch .*\/refused failed: /);
        const denied = r.trace.filter((t) => t.denied);
        expect(denied.map((t) => `${t.interface}.${t.function}`), r.engine).toEqual(['wasi:http/outgoing-handler.handle']);
        expect(denied[0]!.result).toContain('HTTP-request-denied');
      }
    }
    expect(seen.filter((s) => s.includes('/refused'))).toEqual([]);
  }, 180_000);
});

describe('one StarlingMonkey instance', () => {
  // Why serve makes a fresh instance per request (README): measured on componentize-js 0.22.
  it('answers its first request and no other: its fetch event cannot be answered twice', async () => {
    const t = await transpileComponent(readFileSync(wasm), 'http-hello', 64);
    writeFileSync(join(dir, 'http-hello.js'), t.glue);
    const glue = (await import(pathToFileURL(join(dir, 'http-hello.js')).href)) as { instantiate: Instantiate };
    let stderr = '';
    const base = nodeShim.baseImports({ write: (_s, b) => void (stderr += text(b)), stdin: null, mounts: [], snapshots: {}, network: { sockets: false, http: false }, atEnd: () => {} });
    const types = base['wasi:http/types'] as unknown as ShimHttpTypes;
    const serving = incomingHttp(nodeShim.httpStreams, types, 1 << 20);
    base['wasi:http/types'] = { ...base['wasi:http/types'], ...serving.types };
    const grants = resolveGrants({ ...denyAll(), clocks: { mode: 'frozen', at: '2026-01-01T00:00:00Z' }, random: { mode: 'seeded', seed: 42 } }, 'http-hello', {});
    const instance = await glue.instantiate((n) => WebAssembly.compile(t.modules[n]!), enforce(base, grants));
    const handler = incomingHandlerOf(instance)!;
    const outcomes = [];
    for (const name of ['one', 'two']) {
      await handler.handle(...serving.begin(request('GET', `/json?name=${name}`)));
      outcomes.push(serving.outcome());
    }
    expect(outcomes[0]).toMatchObject({ ok: true, response: { status: 200 } });
    expect(outcomes[1]).toEqual({ ok: false, error: expect.stringMatching(/without setting a response/) });
    expect(stderr).toContain("FetchEvent#respondWith can't be called twice on the same event");
  }, 120_000);
});

describe('component-studio request', () => {
  it('--engine both agrees on the sample, and exits 0', async () => {
    const { stdout } = await run(process.execPath, [cli, 'request', project, '/json?name=ada', '--engine', 'both', '--json'], { timeout: 180_000 });
    const out = JSON.parse(stdout) as { verdict: string; requests: { engine: string; response: { status: number; body: string } }[] };
    expect(out.verdict).toBe('agree');
    expect(out.requests.map((r) => [r.engine, r.response.status, JSON.parse(r.response.body).name])).toEqual([['node', 200, 'ada'], ['browser', 200, 'ada']]);
  }, 200_000);

  it('--load N --concurrency C makes N requests per engine and summarizes them; failures make it exit 1', async () => {
    const { stdout } = await run(process.execPath, [cli, 'request', project, '/json', '--load', '5', '--concurrency', '2', '--json'], { timeout: 180_000 });
    const { loads } = JSON.parse(stdout) as { loads: { engine: string; requests: number; failed: number; concurrency: number; rps: number; p50: number; p90: number; p99: number; histogram: { count: number }[] }[] };
    expect(loads.map((l) => [l.engine, l.requests, l.failed, l.concurrency])).toEqual([['node', 5, 0, 2]]);
    const [l] = loads;
    expect(l!.rps).toBeGreaterThan(0);
    expect(l!.p50).toBeLessThanOrEqual(l!.p90);
    expect(l!.p90).toBeLessThanOrEqual(l!.p99);
    expect(l!.histogram.reduce((a, b) => a + b.count, 0)).toBe(5);
    const failing = await run(process.execPath, [cli, 'request', project, '/fail', '--load', '2', '--json'], { timeout: 180_000 }).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failing?.code).toBe(1);
    expect((JSON.parse(failing!.stdout) as { loads: { failed: number }[] }).loads[0]!.failed).toBe(2);
  }, 200_000);
});

describe('the ts-http template', () => {
  it('type-checks, builds with StarlingMonkey, and answers alike in both engines', async () => {
    const ts = join(dir, 'api-ts');
    await run(process.execPath, [cli, 'new', ts, '--template', 'ts-http']);
    const { stdout: built } = await run(process.execPath, [cli, 'build', ts], { timeout: 300_000 });
    expect(built.trim()).toBe(join(ts, 'build', 'api-ts.wasm'));
    const { stdout } = await run(process.execPath, [cli, 'request', ts, '/json?name=ts', '--engine', 'both', '--json'], { timeout: 180_000 });
    const out = JSON.parse(stdout) as { verdict: string; requests: { response: { status: number; body: string } }[] };
    expect(out.verdict).toBe('agree');
    expect(out.requests.map((r) => [r.response.status, JSON.parse(r.response.body)])).toEqual([[200, { hello: 'ts' }], [200, { hello: 'ts' }]]);
  }, 500_000);
});

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('component-studio serve', () => {
  it('answers a real HTTP client, answers 500 for a failing handler and 504 for a runaway one and goes on, refuses an oversized body, stops on SIGINT', async () => {
    const { child, url, log } = await serve([project, '--max-body', '1', '--timeout', '5']);
    try {
      const json = await fetch(`${url}json?name=node`);
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual({ greeting: 'hello', name: 'node', method: 'GET' });
      const echo = await fetch(`${url}echo`, { method: 'POST', body: 'posted', headers: { 'content-type': 'text/plain' } });
      expect([echo.status, await echo.text()]).toEqual([200, 'posted']);
      const fail = await fetch(`${url}fail`);
      expect(fail.status).toBe(500);
      expect(await fail.text()).toMatch(/^the handler failed: the handler set a \d+ response but returned before finishing its body/);
      const spin = await fetch(`${url}spin`);
      expect([spin.status, await spin.text()]).toEqual([504, 'the handler did not answer within its time limit\n']);
      const big = await fetch(`${url}echo`, { method: 'POST', body: 'x'.repeat(2048) });
      expect(big.status).toBe(413);
      // A page that rebinds its own name to 127.0.0.1 gets nothing from the handler.
      const rebound = await new Promise<number>((resolve, reject) =>
        httpRequest(`${url}json`, { headers: { host: 'rebind.example:80' } }, (res) => resolve(res.resume().statusCode!)).on('error', reject).end(),
      );
      expect(rebound).toBe(403);
      const after = await fetch(`${url}hello`, { headers: { 'x-name': 'again' } });
      expect([after.status, await after.text()]).toEqual([200, 'Hello, again!\n']);
      expect(log()).toMatch(/GET \/fail -> 500 in \d+ ms/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited(child)).toBe(0);
  }, 180_000);

  it('a handler that traps on a refused capability answers 500, the refusal is logged for each request, and the server lives', async () => {
    // The .wasm alone is granted nothing: StarlingMonkey reads the monotonic clock on every request.
    const { child, url, log } = await serve([wasm]);
    try {
      for (const path of ['/', '/json']) {
        const r = await fetch(`${url}${path.slice(1)}`);
        expect(r.status).toBe(500);
        expect(await r.text()).toMatch(/^the handler failed: clocks capability denied by policy \(wasi:clocks\/monotonic-clock\.now\)/);
      }
      const lines = log().split('\n');
      const logged = (path: string) => lines.findIndex((l) => l.startsWith(`GET ${path} -> 500`));
      for (const path of ['/', '/json']) {
        // Each request's refusal is printed just before its own line.
        expect(lines.slice(0, logged(path)).reverse().find((l) => l.startsWith('  refused') || l.startsWith('GET'))).toMatch(/^ {2}refused wasi:clocks\/monotonic-clock\.now\(\)/);
      }
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited(child)).toBe(0);
  }, 180_000);
});
