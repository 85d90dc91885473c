import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src-shared/capabilities/policy';
import type { EngineName, RunResult } from '../../src-shared/protocol/types';
import { openTarget } from '../cli/targets';
import { appRoot } from '../paths';
import { buildJs } from '../toolchains/js';
import { chromiumPath } from './chromium-binary';
import { ChromiumEngine } from './chromium-engine';

// Real guests against real loopback servers, in the Node engine and (through headless Chromium) the
// browser engine: net-probe (QuickJS) opens sockets through wasi:sockets, http-probe (StarlingMonkey)
// fetches through wasi:http. Needs `npx electron-vite build` first (the runner and the engine page).

const fixtures = join(appRoot, 'src-main/host/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'net-allow-'));
const wasm: Record<string, string> = {};

function sources(name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (root: string, d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(root, p, prefix);
      else if (e.name.endsWith('.js') || e.name.endsWith('.wit')) out[prefix + relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(fixtures, name), join(fixtures, name), '');
  // The WASI packages the worlds import, from the studio's vendored copy.
  walk(join(appRoot, 'wit/wasi'), join(appRoot, 'wit/wasi'), 'wit/deps/');
  return out;
}

async function build(name: string, backend: 'quickjs' | 'starlingmonkey') {
  const out = await buildJs({ language: 'js', sources: sources(name), flags: [], output: `${name}.wasm`, world: 'probe', jsBackend: backend }, () => {});
  if (!out.ok) throw new Error(`${name}: ${out.log} ${JSON.stringify(out.diagnostics)}`);
  wasm[name] = join(dir, `${name}.wasm`);
  writeFileSync(wasm[name]!, out.component!);
}

let tcp: TcpServer;
let tcpPort = 0;
const tcpSeen: string[] = [];
let http: HttpServer;
let httpPort = 0;
const httpSeen: string[] = [];
let chromium: ChromiumEngine | null = null;

beforeAll(async () => {
  tcp = createTcpServer((c) => {
    c.on('error', () => {});
    c.once('data', (d) => {
      tcpSeen.push(String(d));
      c.end(`hello ${d}`);
    });
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as { port: number }).port;
  http = createHttpServer((req, res) => {
    httpSeen.push(`${req.method} ${req.url}`);
    res.setHeader('access-control-allow-origin', '*');
    res.end(`hi from ${req.url}`);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpPort = (http.address() as { port: number }).port;
  await build('net-probe', 'quickjs');
  await build('http-probe', 'starlingmonkey');
  if (chromiumPath()) chromium = await ChromiumEngine.start();
}, 180_000);

afterAll(async () => {
  tcp?.close();
  http?.close();
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An unused loopback port: listened on, then closed. */
async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function run(name: string, policy: Partial<Policy>, engine: EngineName = 'node'): Promise<RunResult> {
  const target = await openTarget(wasm[name]!, { policy, limits: { timeoutMs: 20_000 }, trace: true }, () => {}, async () => chromium!);
  try {
    return await target.engines[engine].run(randomUUID());
  } finally {
    await target.dispose();
  }
}

const sockets = (hosts: string[]): Partial<Policy> => ({ sockets: { mode: 'allow', hosts } });
// StarlingMonkey reads the clock and random at start: both granted so only HTTP is under test.
const httpPolicy = (origins: string[] | null, args: string[]): Partial<Policy> => ({
  args,
  clocks: { mode: 'real' },
  random: { mode: 'real' },
  http: origins ? { mode: 'allow', origins } : { mode: 'denied' },
});
const deniedCalls = (r: RunResult) => r.trace.filter((t) => t.denied).map((t) => `${t.function} ${t.result}`);

describe('sockets allow-list with a real guest (Node engine)', () => {
  it('connects to the allowed port and the server sees the bytes; an unlisted port gets access-denied, traced as denied', async () => {
    const other = await freePort();
    const ok = await run('net-probe', { ...sockets([`127.0.0.1:${tcpPort}`]), args: ['tcp', '127.0.0.1', String(tcpPort), 'allowed'] });
    expect(ok.stdout).toBe(`tcp 127.0.0.1 ${tcpPort} allowed -> reply "hello allowed"\n`);
    expect(tcpSeen).toContain('allowed');
    expect(deniedCalls(ok)).toEqual([]);

    const no = await run('net-probe', { ...sockets([`127.0.0.1:${tcpPort}`]), args: ['tcp', '127.0.0.1', String(other), 'unlisted'] });
    expect(no.stdout).toBe(`tcp 127.0.0.1 ${other} unlisted -> error: access-denied\n`);
    expect(deniedCalls(no)).toEqual([`[method]tcp-socket.start-connect error: "access-denied" (connect to 127.0.0.1:${other}: not in the allow-list)`]);
    expect(tcpSeen).not.toContain('unlisted');
  }, 60_000);

  it('localhost:PORT allows a connect to 127.0.0.1 and a lookup of localhost; other names cannot be looked up', async () => {
    const policy = sockets([`localhost:${tcpPort}`]);
    const viaIp = await run('net-probe', { ...policy, args: ['tcp', '127.0.0.1', String(tcpPort), 'by-name'] });
    expect(viaIp.stdout).toContain('reply "hello by-name"');
    const look = await run('net-probe', { ...policy, args: ['lookup', 'localhost'] });
    expect(look.stdout).toMatch(/^lookup localhost -> addresses (127\.0\.0\.1|0:0:0:0:0:0:0:1)/);
    const other = await run('net-probe', { ...policy, args: ['lookup', 'example.com'] });
    expect(other.stdout).toBe('lookup example.com -> error: access-denied\n');
    expect(deniedCalls(other)).toEqual(['resolve-addresses error: "access-denied" (look up "example.com": no entry names it)']);
  }, 60_000);

  it('UDP: a datagram to a listed address is sent, to an unlisted one refused', async () => {
    const port = await freePort();
    const ok = await run('net-probe', { ...sockets([`127.0.0.1:${port}`]), args: ['udp', '127.0.0.1', String(port), 'x'] });
    expect(ok.stdout).toBe(`udp 127.0.0.1 ${port} x -> sent 1 datagram\n`);
    const no = await run('net-probe', { ...sockets([`127.0.0.1:${port}`]), args: ['udp', '127.0.0.1', String(port + 1 > 65535 ? 1 : port + 1), 'x'] });
    expect(no.stdout).toMatch(/-> error: access-denied\n$/);
    expect(deniedCalls(no)[0]).toMatch(/^\[method\]udp-socket\.stream error: "access-denied"/);
  }, 60_000);

  it('denied by default: create-socket is refused with access-denied', async () => {
    const r = await run('net-probe', { args: ['tcp', '127.0.0.1', String(tcpPort), 'never'] });
    expect(r.stdout).toBe(`tcp 127.0.0.1 ${tcpPort} never -> error: access-denied\n`);
    expect(deniedCalls(r)).toEqual(['create-tcp-socket error: "access-denied"']);
    expect(tcpSeen).not.toContain('never');
  }, 60_000);
});

describe('outgoing HTTP allow-list with a real guest (Node engine)', () => {
  it('a request to the listed origin goes through; another origin gets HTTP-request-denied, traced with its origin', async () => {
    const origin = `http://127.0.0.1:${httpPort}`;
    const ok = await run('http-probe', httpPolicy([origin], [`${origin}/allowed`]));
    expect(ok.stdout).toBe(`${origin}/allowed -> status 200 body "hi from /allowed"\n`);
    expect(httpSeen).toContain('GET /allowed');
    expect(deniedCalls(ok)).toEqual([]);

    const other = await freePort();
    const no = await run('http-probe', httpPolicy([origin], [`http://127.0.0.1:${other}/unlisted`]));
    expect(no.stdout).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${other}/unlisted -> error: `));
    expect(deniedCalls(no)).toEqual([`handle error: {tag: "HTTP-request-denied"} (http://127.0.0.1:${other} is not in the allow-list)`]);
    // Same host and port, other scheme: another origin.
    const https = await run('http-probe', httpPolicy([origin], [`https://127.0.0.1:${httpPort}/tls`]));
    expect(deniedCalls(https)).toEqual([`handle error: {tag: "HTTP-request-denied"} (https://127.0.0.1:${httpPort} is not in the allow-list)`]);
    expect(httpSeen).not.toContain('GET /unlisted');
  }, 60_000);

  it('denied by default: the request is refused, traced with its origin', async () => {
    const r = await run('http-probe', httpPolicy(null, [`http://127.0.0.1:${httpPort}/never`]));
    expect(deniedCalls(r)).toEqual([`handle error: {tag: "HTTP-request-denied"} (http://127.0.0.1:${httpPort}: outgoing HTTP is not granted)`]);
    expect(httpSeen).not.toContain('GET /never');
  }, 60_000);
});

describe.skipIf(!chromiumPath())('the browser engine', () => {
  it('refuses sockets like the Node engine when denied, and says not-supported (not denied) when allowed', async () => {
    const denied = await run('net-probe', { args: ['tcp', '127.0.0.1', String(tcpPort), 'b'] }, 'browser');
    expect(denied.stdout).toBe(`tcp 127.0.0.1 ${tcpPort} b -> error: access-denied\n`);
    expect(deniedCalls(denied)).toEqual(['create-tcp-socket error: "access-denied"']);
    const allowed = await run('net-probe', { ...sockets([`127.0.0.1:${tcpPort}`]), args: ['tcp', '127.0.0.1', String(tcpPort), 'b'] }, 'browser');
    expect(allowed.stdout).toBe(`tcp 127.0.0.1 ${tcpPort} b -> error: not-supported\n`);
    expect(deniedCalls(allowed)).toEqual([]);
  }, 60_000);

  it('refuses an unlisted origin with HTTP-request-denied, traced with its origin', async () => {
    const other = await freePort();
    const r = await run('http-probe', httpPolicy([`http://127.0.0.1:${httpPort}`], [`http://127.0.0.1:${other}/b`]), 'browser');
    expect(deniedCalls(r)).toEqual([`handle error: {tag: "HTTP-request-denied"} (http://127.0.0.1:${other} is not in the allow-list)`]);
  }, 60_000);

  it('answers a listed origin with internal-error naming why (no JSPI), not denied and not a crash', async () => {
    const origin = `http://127.0.0.1:${httpPort}`;
    const r = await run('http-probe', httpPolicy([origin], [`${origin}/browser`]), 'browser');
    const handle = r.trace.find((t) => t.function === 'handle')!;
    expect(handle).toMatchObject({ denied: false, error: true });
    expect(handle.result).toContain('internal-error');
    expect(handle.result).toContain('JSPI');
    expect(r.error).toBeNull();
    expect(r.stdout).toMatch(new RegExp(`^${origin}/browser -> error: `));
    expect(httpSeen).not.toContain('GET /browser');
  }, 60_000);
});
