import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StudioHandlers } from '../../src-shared/protocol/api';
import { StudioError } from '../../src-shared/protocol/envelope';
import { decodeJson, encodeJson } from '../../src-shared/protocol/json-codec';
import { startWebServer, type WebServer } from './server';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';
const PROJECT = { dir: '/projects/demo', config: { name: 'demo' }, files: ['src/main.c'] };

let uiDir: string;
let server: WebServer;
let calls: { method: string; params: unknown }[];
const crashes: unknown[] = [];
const onCrash = (e: unknown) => crashes.push(e);

function fakeHandlers(): StudioHandlers {
  const rec = (method: string, f: (p: never) => unknown) => async (p: never) => {
    calls.push({ method, params: p });
    return f(p);
  };
  return {
    'project.get': rec('project.get', () => PROJECT),
    'file.read': rec('file.read', (p: { path: string }) => {
      if (p.path === 'missing.c') throw new StudioError('not-found', 'no such file');
      if (p.path === 'boom.c') throw new Error('kaboom');
      if (p.path === 'bigint.c') return { content: 10n };
      if (p.path === 'cycle.c') {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      }
      return { content: `content of ${p.path}` };
    }),
    'file.write': rec('file.write', (p: { content: string }) => ({ bytes: p.content.length })),
    'build.start': rec('build.start', () => ({ ok: true, diagnostics: [], steps: [], log: '', stale: false })),
    'component.prepare': rec('component.prepare', () => ({
      artifacts: { hash: 'h', name: 'n', glue: 'export {}', modules: { 'n.core.wasm': new Uint8Array([0, 97, 115, 109]) }, transpileMs: 1 },
      settings: {},
    })),
    'run.node': rec('run.node', () => ({ engine: 'node', exitCode: 0 })),
    'run.stop': rec('run.stop', () => ({ stopped: true })),
  } as unknown as StudioHandlers;
}

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends raw bytes and returns whatever comes back before the peer closes (or the timeout). */
function raw(text: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(out);
    }, timeoutMs);
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      out += c;
      // One response is enough; do not wait for keep-alive to end.
      if (/\r\n\r\n/.test(out)) {
        clearTimeout(timer);
        setTimeout(() => {
          s.destroy();
          resolve(out);
        }, 50);
      }
    });
    s.on('end', () => {
      clearTimeout(timer);
      resolve(out);
    });
    s.on('error', reject);
    s.write(text);
  });
}

function statusOfRaw(response: string): number {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : -1;
}

/** Opens a WebSocket; resolves with the socket once open, or with the HTTP status it was refused with. */
function openWs(
  path: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ ws: WebSocket; status?: undefined } | { ws?: undefined; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, options);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? -1 });
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

class Client {
  private next = 1;
  readonly received: unknown[] = [];
  private waiters: { test: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = decodeJson(data.toString());
      this.received.push(m);
      this.waiters = this.waiters.filter((w) => (w.test(m) ? (w.resolve(m), false) : true));
    });
  }
  waitFor(test: (m: unknown) => boolean, timeoutMs = 5000): Promise<unknown> {
    const found = this.received.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
  call(method: string, params: unknown): Promise<Record<string, unknown>> {
    const id = this.next++;
    this.ws.send(encodeJson({ kind: 'request', id, method, params }));
    return this.waitFor((m) => (m as { id?: number }).id === id) as Promise<Record<string, unknown>>;
  }
}

async function authedClient(): Promise<Client> {
  const r = await openWs(`/rpc?token=${TOKEN}`);
  if (!r.ws) throw new Error(`refused with ${r.status}`);
  return new Client(r.ws);
}

beforeAll(() => {
  uiDir = mkdtempSync(join(tmpdir(), 'studio-ui-'));
  mkdirSync(join(uiDir, 'assets'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Component Studio</title>');
  writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("studio")');
  writeFileSync(join(tmpdir(), 'studio-outside-secret.txt'), 'SECRET');
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});

afterAll(() => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  rmSync(uiDir, { recursive: true, force: true });
});

beforeEach(async () => {
  calls = [];
  crashes.length = 0;
  server = await startWebServer({ handlers: fakeHandlers(), uiDir, port: 0, token: TOKEN });
});

afterEach(async () => {
  await server.close();
  expect(crashes).toEqual([]);
});

describe('startWebServer: basics', () => {
  it('listens on loopback and reports url, port and token', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toBe(TOKEN);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('generates a strong random token when none is given', async () => {
    const other = await startWebServer({ handlers: fakeHandlers(), uiDir });
    try {
      expect(other.token).not.toBe(TOKEN);
      expect(Buffer.from(other.token, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(other.port).not.toBe(server.port);
    } finally {
      await other.close();
    }
  });
});

describe('HTTP', () => {
  it('refuses a request without a token with 401', async () => {
    const r = await http('/');
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('Component Studio');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('refuses a wrong token with 401, in the query, the cookie or a Bearer header', async () => {
    expect((await http('/?token=wrong')).status).toBe(401);
    expect((await http(`/?token=${TOKEN}x`)).status).toBe(401);
    expect((await http('/', { headers: { cookie: `studio_token_${server.port}=wrong` } })).status).toBe(401);
    expect((await http('/', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await http('/', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect((await http('/', { headers: { cookie: `other=${TOKEN}` } })).status).toBe(401);
  });

  it('moves a query token into an HttpOnly SameSite=Strict cookie with a 303', async () => {
    const r = await http(`/?token=${TOKEN}`);
    expect(r.status).toBe(303);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`studio_token_${server.port}=${TOKEN}`);
    expect(cookie).toMatch(new RegExp(`^studio_token_${server.port}=`));
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(r.headers.location).toBe('/');
    expect(r.headers.location).not.toContain(TOKEN);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('keeps the path and other query parameters in the redirect, without the token', async () => {
    const r = await http(`/assets/app.js?a=1&token=${TOKEN}&b=2`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/assets/app.js?a=1&b=2');
  });

  it('never redirects to another host (no protocol-relative Location)', async () => {
    for (const path of [`/.//evil.example/?token=${TOKEN}`, `/.//evil.example?token=${TOKEN}`, `/./\\evil.example?token=${TOKEN}`]) {
      const response = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(statusOfRaw(response), path).toBe(303);
      const location = /\r\nLocation: ([^\r]*)/i.exec(response)?.[1];
      expect(location, path).toBeDefined();
      expect(location!.startsWith('/'), path).toBe(true);
      expect(location!.startsWith('//'), `${path} -> ${location}`).toBe(false);
      expect(location!.startsWith('/\\'), `${path} -> ${location}`).toBe(false);
    }
  });

  it('serves the UI with the cookie, with security headers', async () => {
    const r = await http('/', { headers: { cookie: `studio_token_${server.port}=${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Component Studio</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('accepts the cookie among other cookies', async () => {
    const r = await http('/assets/app.js', { headers: { cookie: `theme=dark; studio_token_${server.port}=${TOKEN}; x=1` } });
    expect(r.status).toBe(200);
    expect(r.body).toBe('console.log("studio")');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('accepts Authorization: Bearer', async () => {
    const r = await http('/', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('Component Studio');
  });

  it('refuses the token under the unported cookie name or another port\'s name', async () => {
    expect((await http('/', { headers: { cookie: `studio_token=${TOKEN}` } })).status).toBe(401);
    expect((await http('/', { headers: { cookie: `studio_token_${server.port + 1}=${TOKEN}` } })).status).toBe(401);
  });

  it('two studios on 127.0.0.1 keep their own cookies (the name carries the port)', async () => {
    const other = await startWebServer({ handlers: fakeHandlers(), uiDir, port: 0 });
    try {
      const a = String((await http(`/?token=${TOKEN}`)).headers['set-cookie']).split(';')[0]!;
      const b = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: other.port, path: `/?token=${other.token}` }, (res) => {
          res.resume();
          resolve(String(res.headers['set-cookie']).split(';')[0]!);
        })
          .on('error', reject)
          .end();
      });
      expect(a.split('=')[0]).toBe(`studio_token_${server.port}`);
      expect(b.split('=')[0]).toBe(`studio_token_${other.port}`);
      // A browser holds both (different names) and sends both to either port: each studio finds its own.
      const jar = `${a}; ${b}`;
      expect((await http('/', { headers: { cookie: jar } })).status).toBe(200);
      const otherStatus = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: other.port, path: '/', headers: { cookie: jar } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
      expect(otherStatus).toBe(200);
      // And neither accepts the other's cookie alone.
      expect((await http('/', { headers: { cookie: b } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const r = await http('/', { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
  });

  it('answers 404 for missing files and for paths leading out of the folder', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await http('/nope.js', { headers: auth })).status).toBe(404);
    for (const p of ['/../studio-outside-secret.txt', '/%2e%2e/studio-outside-secret.txt', '/..%2fstudio-outside-secret.txt', '/..%5cstudio-outside-secret.txt', '/index.html%00']) {
      const r = await raw(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`);
      expect(statusOfRaw(r), p).toBe(404);
      expect(r).not.toContain('SECRET');
    }
  });

  it('refuses a foreign Host header with 403, even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${1234}`, '127.0.0.1.evil.example', '[::1]evil', `[::1]evil:${server.port}`, 'localhost:junk', 'localhost.', `127.0.0.1:${server.port}x`]) {
      const r = await http('/', { headers: { host, authorization: `Bearer ${TOKEN}` } });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('Component Studio');
    }
  });

  it('refuses a request without Host with 403 (HTTP/1.0)', async () => {
    const r = await raw(`GET / HTTP/1.0\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    expect(statusOfRaw(r)).toBe(403);
  });

  it('accepts localhost and [::1] as Host', async () => {
    for (const host of [`localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect((await http('/', { headers: { host, authorization: `Bearer ${TOKEN}` } })).status, host).toBe(200);
    }
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const r = await http('/', { method, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(405);
  });

  it('survives malformed request targets without crashing', async () => {
    for (const target of ['//[', 'http://[/', '//%', '//[::1', '/%', '*']) {
      const r = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`);
      const status = statusOfRaw(r);
      expect(status >= 400 && status < 500, `${target} -> ${r.slice(0, 40)}`).toBe(true);
    }
    expect((await http('/', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});

describe('WebSocket /rpc', () => {
  it('refuses an upgrade without a token with 401', async () => {
    expect((await openWs('/rpc')).status).toBe(401);
    expect((await openWs('/rpc?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Origin with 403, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${server.port}`, 'null', `https://127.0.0.1:${server.port}`]) {
      expect((await openWs(`/rpc?token=${TOKEN}`, { origin })).status, origin).toBe(403);
    }
  });

  it('accepts its own Origin', async () => {
    const r = await openWs(`/rpc?token=${TOKEN}`, { origin: `http://127.0.0.1:${server.port}` });
    expect(r.ws).toBeDefined();
    r.ws?.terminate();
  });

  it('refuses a non-loopback Host with 403, even with the token', async () => {
    expect((await openWs(`/rpc?token=${TOKEN}`, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await openWs(`/rpc?token=${TOKEN}`, { headers: { host: `127.0.0.1.evil.example:${server.port}` } })).status).toBe(403);
  });

  it('refuses other paths with 404', async () => {
    expect((await openWs(`/other?token=${TOKEN}`)).status).toBe(404);
    expect((await openWs(`/rpc/x?token=${TOKEN}`)).status).toBe(404);
  });

  it('accepts the token as cookie or Bearer header', async () => {
    for (const headers of [{ cookie: `studio_token_${server.port}=${TOKEN}` }, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const r = await openWs('/rpc', { headers });
      expect(r.ws, JSON.stringify(headers)).toBeDefined();
      const c = new Client(r.ws!);
      expect(await c.call('project.get', {})).toMatchObject({ ok: true, result: PROJECT });
      r.ws!.terminate();
    }
  });

  it("answers a request with the handler's result", async () => {
    const c = await authedClient();
    c.ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'project.get', params: {} }));
    const reply = await c.waitFor((m) => (m as { id?: number }).id === 1);
    expect(reply).toEqual({ kind: 'response', id: 1, ok: true, result: PROJECT });
    expect(calls).toEqual([{ method: 'project.get', params: {} }]);
    c.ws.terminate();
  });

  it('carries bytes in results as Uint8Array', async () => {
    const c = await authedClient();
    const reply = (await c.call('component.prepare', {})) as { result: { artifacts: { modules: Record<string, Uint8Array> } } };
    expect(reply.result.artifacts.modules['n.core.wasm']).toEqual(new Uint8Array([0, 97, 115, 109]));
    c.ws.terminate();
  });

  it('answers errors: unknown method, bad params, StudioError, internal', async () => {
    const c = await authedClient();
    expect(await c.call('nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await c.call('file.read', { path: 1 })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await c.call('file.read', { path: 'missing.c' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no such file' } });
    expect(await c.call('file.read', { path: 'boom.c' })).toMatchObject({ ok: false, error: { code: 'internal', message: 'kaboom' } });
    expect(calls.map((x) => x.params)).toEqual([{ path: 'missing.c' }, { path: 'boom.c' }]);
    c.ws.terminate();
  });

  it('answers an internal error, and keeps running, when a result cannot be encoded', async () => {
    const c = await authedClient();
    expect(await c.call('file.read', { path: 'bigint.c' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await c.call('file.read', { path: 'cycle.c' })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await c.call('project.get', {})).toMatchObject({ ok: true, result: PROJECT });
    c.ws.terminate();
  });

  it('answers every malformed frame that has an id, on one connection that stays open', async () => {
    const c = await authedClient();
    c.ws.send('{"kind":"request","id":51,"method":{"toString":1},"params":{}}');
    c.ws.send(JSON.stringify({ kind: 'request', id: 52, method: 'file.write', params: { path: 'a', content: 'x'.repeat(300_000) } }));
    c.ws.send('{"kind":"request","id":53,"method":"file.read","params":{"path":{"$bytes":"***"}}}');
    c.ws.send('{"kind":"request","id":54,"method":"run.stop","params":{"runId":{"length":{"toString":{}}}}}');
    c.ws.send(JSON.stringify({ kind: 'request', id: 55, method: 'no.such.method', params: {} }));
    c.ws.send(JSON.stringify({ kind: 'response', id: 56, ok: true, result: 1 }));
    c.ws.send(JSON.stringify({ kind: 'request', id: 57, method: 'file.read', params: { path: 7 } }));
    expect(await c.waitFor((m) => (m as { id?: number }).id === 51)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 52)).toMatchObject({ ok: true, result: { bytes: 300_000 } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 53)).toMatchObject({ ok: false, error: { code: 'bad-params', message: 'the request could not be decoded: malformed base64' } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 54)).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 55)).toMatchObject({ ok: false, error: { code: 'unknown-method', message: 'unknown method no.such.method' } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 56)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await c.waitFor((m) => (m as { id?: number }).id === 57)).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await c.call('project.get', {})).toMatchObject({ ok: true, result: PROJECT });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.terminate();
  });

  // A frame that names no request cannot be answered: the connection closes with a code and a reason.
  it.each([
    ['garbage text', 'this is not json', 1007, 'the frame is not JSON'],
    ['cut JSON', '{"kind":"request","id":', 1007, 'the frame is not JSON'],
    ['a binary frame', Buffer.from(JSON.stringify({ kind: 'request', id: 50, method: 'project.get', params: {} })), 1003, 'binary frames are not accepted: send JSON text'],
    ['JSON without an id', JSON.stringify({ kind: 'request', method: 'project.get', params: {} }), 1008, 'not a request: no numeric "id"'],
    ['a string id', JSON.stringify({ kind: 'request', id: '1', method: 'project.get', params: {} }), 1008, 'not a request: no numeric "id"'],
    ['null', 'null', 1008, 'not a request: expected a JSON object'],
    ['an array', '[]', 1008, 'not a request: expected a JSON object'],
    ['a number', '42', 1008, 'not a request: expected a JSON object'],
  ])('closes the connection on %s, and the server still answers a good client', async (_what, frame, code, reason) => {
    const c = await authedClient();
    const closed = new Promise<[number, string]>((resolve) => c.ws.once('close', (n, r) => resolve([n, r.toString()])));
    c.ws.send(frame, { binary: typeof frame !== 'string' });
    expect(await closed).toEqual([code, reason]);
    expect(c.received).toEqual([]);
    const good = await authedClient();
    expect(await good.call('project.get', {})).toMatchObject({ ok: true, result: PROJECT });
    good.ws.terminate();
    expect(calls.filter((x) => x.method !== 'project.get')).toEqual([]);
  });

  it('closes on a frame over the 12 MiB limit (1009) without reading it, and the server stays up', async () => {
    const c = await authedClient();
    const closed = new Promise<number>((resolve) => c.ws.once('close', (n) => resolve(n)));
    c.ws.send(JSON.stringify({ kind: 'request', id: 60, method: 'file.write', params: { path: 'big', content: 'x'.repeat(12 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    expect(c.received).toEqual([]);
    expect(calls.some((x) => x.method === 'file.write')).toBe(false);
    const good = await authedClient();
    expect(await good.call('project.get', {})).toMatchObject({ ok: true, result: PROJECT });
    good.ws.terminate();
    expect((await http('/', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('delivers broadcast events to every open client', async () => {
    const a = await authedClient();
    const b = await authedClient();
    server.broadcast('build.progress', { message: 'compiling', fraction: 0.5 });
    server.broadcast('run.output', { runId: 'r1', engine: 'node', stream: 'stdout', text: 'hello\n' });
    for (const c of [a, b]) {
      expect(await c.waitFor((m) => (m as { event?: string }).event === 'build.progress')).toEqual({
        kind: 'event',
        event: 'build.progress',
        payload: { message: 'compiling', fraction: 0.5 },
      });
      expect(await c.waitFor((m) => (m as { event?: string }).event === 'run.output')).toMatchObject({ payload: { text: 'hello\n' } });
    }
    a.ws.terminate();
    b.ws.terminate();
  });

  it('keeps broadcasting to the others after one client goes away', async () => {
    const a = await authedClient();
    const b = await authedClient();
    a.ws.terminate();
    await new Promise((r) => setTimeout(r, 50));
    server.broadcast('build.progress', { message: 'after', fraction: null });
    expect(await b.waitFor((m) => (m as { event?: string }).event === 'build.progress')).toMatchObject({ payload: { message: 'after' } });
    b.ws.terminate();
  });

  it('survives a client that resets the connection while being refused', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const s = connect(server.port, '127.0.0.1', () => {
          s.write(
            `GET /rpc?token=wrong HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
          );
          s.resetAndDestroy();
          resolve();
        });
        s.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(crashes).toEqual([]);
    const c = await authedClient();
    expect(await c.call('project.get', {})).toMatchObject({ ok: true });
    c.ws.terminate();
  });

  it('survives malformed upgrade targets', async () => {
    for (const target of ['//[', 'http://[/']) {
      const r = await raw(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
      const status = statusOfRaw(r);
      expect(status >= 400 && status < 500, `${target} -> ${r.slice(0, 40)}`).toBe(true);
    }
    const c = await authedClient();
    expect(await c.call('project.get', {})).toMatchObject({ ok: true });
    c.ws.terminate();
  });

  it('close() ends open sockets and stops listening', async () => {
    const c = await authedClient();
    const closed = new Promise((r) => c.ws.once('close', r));
    const port = server.port;
    await server.close();
    await closed;
    await expect(
      new Promise((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve('connected'));
        s.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    // afterEach closes again: that must be harmless.
  });
});
