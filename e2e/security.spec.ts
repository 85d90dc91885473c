/**
 * A page on another origin cannot talk to the studio (browser mode), even in a browser that has
 * opened the studio and holds its cookie. The attacker page is served by a tiny HTTP server on
 * another port of 127.0.0.1: another origin but the SAME site (SameSite ignores ports), so the
 * SameSite=Strict cookie IS sent with its requests: the Origin check, CORS and frame-ancestors
 * must hold on their own. A second attacker on http://localhost:<port> is cross-site, where the
 * cookie is not sent at all.
 */
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { cleanup, copySample, startStudio, type StudioServer } from './studio-server';

test.describe.configure({ mode: 'serial' });

let dir: string;
let studio: StudioServer;
let attacker: Server;
let attackerPort: number;
let port: number;

const ATTACKER_PAGE = '<!doctype html><title>attacker</title><h1>Free cat pictures</h1>';

test.beforeAll(async () => {
    dir = copySample('hello-c');
    studio = await startStudio(dir);
    port = Number(new URL(studio.origin).port);
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(ATTACKER_PAGE);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as { port: number }).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
  await studio.stop();
  cleanup(dir);
});

/** A browser context that has opened the studio (so it holds the studio's cookie), and an attacker page in it. */
async function victim(browser: Browser, attackerOrigin: string): Promise<{ context: BrowserContext; studioPage: Page; evil: Page }> {
  const context = await browser.newContext();
  const studioPage = await context.newPage();
  const landed = await studioPage.goto(studio.url);
  // The token moved from the address into the cookie (303), and the UI was served.
  expect(landed!.status()).toBe(200);
  expect(studioPage.url()).toBe(`${studio.origin}/`);
  await expect(studioPage).toHaveTitle(/Component Studio/);
  const cookies = await context.cookies(studio.origin);
  const cookie = cookies.find((c) => c.name === `studio_token_${port}`);
  expect(cookie, JSON.stringify(cookies)).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Strict');
  expect(cookie!.value).toBe(studio.token);
  const evil = await context.newPage();
  await evil.goto(`${attackerOrigin}/`);
  await expect(evil.locator('h1')).toHaveText('Free cat pictures');
  return { context, studioPage, evil };
}

/** Runs in the attacker page: opens a WebSocket and reports how it ended. */
const tryWebSocket = (url: string) =>
  new Promise<string>((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => resolve('timeout'), 10_000);
    ws.onopen = () => {
      clearTimeout(timer);
      ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'project.get', params: {} }));
      ws.onmessage = (e) => resolve(`open and answered: ${String(e.data).slice(0, 200)}`);
    };
    ws.onerror = () => {
      clearTimeout(timer);
      resolve('error');
    };
  });

/** Runs in the attacker page: what a fetch can read. */
const tryFetch = async ([url, mode, credentials]: [string, RequestMode, RequestCredentials]) => {
  try {
    const r = await fetch(url, { mode, credentials });
    return { type: r.type, status: r.status, body: await r.text() };
  } catch (err) {
    return { error: String(err) };
  }
};

for (const kind of ['same-site (127.0.0.1, another port)', 'cross-site (localhost)'] as const) {
  test.describe(`a page on another origin, ${kind}`, () => {
    const attackerOrigin = () => (kind.startsWith('same') ? `http://127.0.0.1:${attackerPort}` : `http://localhost:${attackerPort}`);

    test('cannot open a WebSocket to /rpc, while the studio page can', async ({ browser }) => {
      const { context, studioPage, evil } = await victim(browser, attackerOrigin());
      try {
        // Control: the studio's own page connects (so the refusal below is the Origin check).
        expect(await studioPage.evaluate(tryWebSocket, `ws://127.0.0.1:${port}/rpc`)).toContain('open and answered');
        for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
          expect(await evil.evaluate(tryWebSocket, `ws://${host}/rpc`), host).toBe('error');
        }
        // Even with the token guessed right, a foreign Origin is refused.
        expect(await evil.evaluate(tryWebSocket, `ws://127.0.0.1:${port}/rpc?token=${studio.token}`)).toBe('error');
      } finally {
        await context.close();
      }
    });

    test('cannot read / or /rpc with fetch: CORS hides the answer, and without the cookie it is 401', async ({ browser }) => {
      const { context, evil } = await victim(browser, attackerOrigin());
      try {
        // What the studio answered is seen by the browser and hidden from the page. Same site: the
        // cookie went along, so only CORS kept the page from reading. Cross site: SameSite=Strict
        // kept the cookie home, and the answer was 401.
        const sameSite = kind.startsWith('same');
        for (const path of ['/', '/rpc', '/index.html']) {
          const url = `http://127.0.0.1:${port}${path}`;
          for (const credentials of ['include', 'omit'] as const) {
            const withCookie = sameSite && credentials === 'include';
            const expected = withCookie ? (path === '/rpc' ? 404 : 200) : 401;
            const what = `${path} ${credentials}`;
            // CORS mode: the browser refuses to hand over the answer (no Access-Control-Allow-Origin).
            const cors = await evil.evaluate(tryFetch, [url, 'cors', credentials] as [string, RequestMode, RequestCredentials]);
            expect(cors, `${what} cors`).toEqual({ error: expect.stringContaining('Failed to fetch') });
            // no-cors mode: the request is sent, the page gets an opaque, empty response; the
            // browser (not the page) saw the status, which tells whether the cookie went along.
            const answered = evil.waitForResponse((r) => r.url() === url);
            const opaque = await evil.evaluate(tryFetch, [url, 'no-cors', credentials] as [string, RequestMode, RequestCredentials]);
            expect(opaque, `${what} no-cors`).toEqual({ type: 'opaque', status: 0, body: '' });
            expect((await answered).status(), `${what} as the server answered`).toBe(expected);
          }
        }
        // And from outside any browser: without the cookie, 401 on every route.
        for (const path of ['/', '/rpc', '/index.html']) {
          const status = await plainGet(path, {});
          expect(status.status, path).toBe(401);
          expect(status.body).not.toContain('Component Studio');
        }
        expect(evil.url()).toBe(`${attackerOrigin()}/`);
      } finally {
        await context.close();
      }
    });

    test('cannot frame the studio (frame-ancestors and X-Frame-Options)', async ({ browser }) => {
      const { context, evil } = await victim(browser, attackerOrigin());
      try {
        const refusals: string[] = [];
        evil.on('console', (m) => {
          if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
        });
        const responses: number[] = [];
        evil.on('response', (r) => {
          if (r.url().startsWith(`http://127.0.0.1:${port}/`)) responses.push(r.status());
        });
        await evil.evaluate((src) => {
          const f = document.createElement('iframe');
          f.id = 'victim';
          f.src = src;
          document.body.append(f);
          return new Promise((resolve) => f.addEventListener('load', resolve, { once: true }));
        }, `http://127.0.0.1:${port}/`);
        await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
        const child = evil.frames().find((f) => f !== evil.mainFrame());
        expect(child).toBeDefined();
        // The studio never renders inside the attacker's page.
        expect(await child!.locator('[data-testid="file-tree"]').count()).toBe(0);
        expect(child!.url()).not.toBe(`http://127.0.0.1:${port}/`);
        // Same site: the cookie went along and the server answered the page, which the browser refused to show.
        // Cross site: the cookie stayed home and the server answered 401 (framing refused all the same).
        expect(responses[0]).toBe(kind.startsWith('same') ? 200 : 401);
      } finally {
        await context.close();
      }
    });
  });
}

/** A GET from Node, outside any browser, with the given headers. */
function plainGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes over TCP, so no client normalizes the path ("/../x" stays "/../x"). */
function rawGet(target: string, headers: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(`GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`));
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (text += c));
    s.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? -1), text }));
    s.on('error', reject);
  });
}

test.describe('DNS rebinding', () => {
  test('a request naming another host is refused with 403, even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `[::1]evil:${port}`, `localhost:junk`]) {
      const r = await plainGet('/', { host, authorization: `Bearer ${studio.token}` });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('Component Studio');
    }
    // Control: the same request with a loopback Host is served.
    expect((await plainGet('/', { authorization: `Bearer ${studio.token}` })).status).toBe(200);
  });

  test('a browser page whose name resolves to 127.0.0.1 gets 403 from the studio', async () => {
    // --host-resolver-rules makes evil.example resolve to 127.0.0.1, as after a rebinding.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.example 127.0.0.1'] });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`http://evil.example:${port}/?token=${studio.token}`);
      expect(response!.status()).toBe(403);
      await expect(page.locator('body')).toContainText('Forbidden');
      expect(await page.getByTestId('file-tree').count()).toBe(0);
      expect(await page.context().cookies()).toEqual([]);
      // Same-origin to the rebinding page, so CORS would not help: the Host check must.
      expect(await page.evaluate(tryFetch, [`http://evil.example:${port}/rpc`, 'cors', 'include'] as [string, RequestMode, RequestCredentials])).toMatchObject({
        status: 403,
      });
      expect(await page.evaluate(tryWebSocket, `ws://evil.example:${port}/rpc?token=${studio.token}`)).toBe('error');
    } finally {
      await browser.close();
    }
  });
});

test.describe('static files over HTTP', () => {
  test('path traversal attempts answer 404 and never leave the UI folder', async () => {
    const auth = `Host: 127.0.0.1:${port}\r\nAuthorization: Bearer ${studio.token}\r\n`;
    const targets = [
      '/../package.json',
      '/../../package.json',
      '/../main/cli.js',
      '/assets/../../main/cli.js',
      '/%2e%2e/%2e%2e/package.json',
      '/%2E%2E/main/cli.js',
      '/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/.%2e/.%2e/package.json',
      '/assets%2f..%2f..%2f..%2fpackage.json',
      '/%252e%252e/%252e%252e/package.json',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/etc/passwd',
      '/index.html%00',
      '/index.html%00.js',
      '/..\\..\\package.json',
    ];
    for (const target of targets) {
      const r = await rawGet(target, auth);
      expect(r.status, target).toBe(404);
      expect(r.text, target).not.toContain('component-studio');
      expect(r.text, target).not.toContain('root:');
    }
    // Control: a file inside the folder is served.
    expect((await rawGet('/index.html', auth)).status).toBe(200);
  });

  test('every route refuses without the token (401), and with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/engine-host.html', '/assets/none.js', '/rpc', '/../package.json']) {
      expect((await rawGet(path, `Host: 127.0.0.1:${port}\r\n`)).status, path).toBe(401);
      expect((await rawGet(path, `Host: 127.0.0.1:${port}\r\nCookie: studio_token_${port}=wrong\r\n`)).status, path).toBe(401);
      expect((await rawGet(path, `Host: 127.0.0.1:${port}\r\nCookie: studio_token=${studio.token}\r\n`)).status, `${path} unported cookie`).toBe(401);
    }
  });
});
