import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STUDIO_CSP } from '../../src-shared/protocol/csp';
import { staticFile } from '../web/static';
import {
  APP_ENTRY,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appRequestPath,
  externalUrl,
  FORBIDDEN_REPLY,
  isAllowedNavigation,
  isTrustedSender,
  navigationDecision,
  NEEDED_PERMISSIONS,
  newWindowDecision,
  permissionDecision,
  protocolResponseHeaders,
  type IpcSender,
} from './security';

/** URLs a compromised or confused page might try to reach. */
const HOSTILE = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'file://localhost/etc/passwd',
  'blob:studio://app/0b1c6f8e-1111-2222-3333-444455556666',
  'about:blank',
  'about:srcdoc',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'view-source:studio://app/index.html',
  'filesystem:studio://app/temporary/x',
  'studio://evil/index.html',
  'studio://evil',
  'studio://app.evil/index.html',
  'studio://app@evil/index.html',
  'studio://user:pass@app/index.html',
  'studio://app:8080/index.html',
  'studios://app/index.html',
  'ws://127.0.0.1:1/rpc',
  'mailto:someone@example.com',
  'smb://server/share',
  'ms-msdt:/id PCWDiagnostic',
  'vbscript:msgbox(1)',
  '',
  'not a url',
];

describe('isAllowedNavigation', () => {
  it.each([APP_ENTRY, `${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html#/run`, `${APP_ORIGIN}/engine-host.html?x=1`])('allows the studio page %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([...HOSTILE, 'https://example.com/', 'http://127.0.0.1:5173/', 'https://studio.app/'])('refuses %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('refuses non-strings and huge URLs without throwing', () => {
    for (const v of [undefined, null, 42, {}, [APP_ENTRY], { toString: () => APP_ENTRY }]) expect(isAllowedNavigation(v)).toBe(false);
    expect(isAllowedNavigation(`${APP_ORIGIN}/${'a'.repeat(10_000)}`)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('keeps studio pages in the window and opens nothing outside for them', () => {
    expect(navigationDecision(APP_ENTRY)).toEqual({ allow: true, openExternally: null });
  });

  it.each(HOSTILE)('refuses to navigate to %j and never opens it outside', (url) => {
    expect(navigationDecision(url)).toEqual({ allow: false, openExternally: null });
    expect(newWindowDecision(url)).toEqual({ action: 'deny', openExternally: null });
  });

  it('never opens a new Electron window, even for the studio itself', () => {
    expect(newWindowDecision(APP_ENTRY)).toEqual({ action: 'deny', openExternally: null });
  });

  it.each(['https://github.com/bytecodealliance/jco', 'http://example.com/a?b=c#d', 'HTTPS://Example.COM/x'])(
    'sends the web link %s to the system browser only (never into the window)',
    (url) => {
      const target = new URL(url).href;
      expect(navigationDecision(url)).toEqual({ allow: false, openExternally: target });
      expect(newWindowDecision(url)).toEqual({ action: 'deny', openExternally: target });
    },
  );

  it('re-serializes what it opens, so the checked URL is the opened URL', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl('https://EXAMPLE.com')).toBe('https://example.com/');
  });

  it('refuses web URLs carrying credentials (a phishing shape) and URLs without a host', () => {
    expect(externalUrl('https://user@example.com/')).toBeNull();
    expect(externalUrl('https://user:pw@example.com/')).toBeNull();
    expect(externalUrl('https://example.com@evil.example/')).toBeNull();
    expect(externalUrl('https://')).toBeNull();
    // An empty user part is no credential: the parser drops it.
    expect(externalUrl('http://@example.com/')).toBe('http://example.com/');
  });

  it('refuses non-strings', () => {
    for (const v of [undefined, null, 1, {}, ['https://example.com']]) expect(externalUrl(v)).toBeNull();
  });
});

/** Every permission name Electron 45's session handlers can be asked about. */
const ALL_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation',
  'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network',
  'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock',
  'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access',
  'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
];

describe('permissionDecision', () => {
  const own = { requestingUrl: APP_ENTRY, isMainFrame: true };

  it('needs exactly one permission: the clipboard write behind the Copy buttons', () => {
    expect([...NEEDED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
  });

  it.each(ALL_PERMISSIONS.filter((p) => !NEEDED_PERMISSIONS.includes(p)))('refuses %s, even to the studio page', (permission) => {
    expect(permissionDecision(permission, own)).toBe(false);
    expect(permissionDecision(permission, { requestingOrigin: APP_ORIGIN, isMainFrame: true })).toBe(false);
  });

  it('grants the clipboard write to the studio top-level page only', () => {
    expect(permissionDecision('clipboard-sanitized-write', own)).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', { requestingOrigin: APP_ORIGIN, isMainFrame: true })).toBe(true);
    expect(permissionDecision('clipboard-sanitized-write', { requestingOrigin: APP_ORIGIN, requestingUrl: APP_ENTRY, isMainFrame: true })).toBe(true);
  });

  it.each([
    { requestingUrl: 'https://evil.example/', isMainFrame: true },
    { requestingUrl: 'studio://evil/index.html', isMainFrame: true },
    { requestingUrl: 'file:///tmp/x.html', isMainFrame: true },
    { requestingUrl: 'data:text/html,x', isMainFrame: true },
    { requestingUrl: APP_ENTRY, isMainFrame: false },
    { requestingOrigin: 'https://evil.example', isMainFrame: true },
    { requestingOrigin: 'null', isMainFrame: true },
    { requestingOrigin: APP_ORIGIN, requestingUrl: 'https://evil.example/', isMainFrame: true },
    { requestingOrigin: 'https://evil.example', requestingUrl: APP_ENTRY, isMainFrame: true },
    { isMainFrame: true },
    {},
  ])('refuses the clipboard write to %j', (details) => {
    expect(permissionDecision('clipboard-sanitized-write', details)).toBe(false);
  });

  it('refuses malformed input', () => {
    expect(permissionDecision('clipboard-sanitized-write', null)).toBe(false);
    expect(permissionDecision('clipboard-sanitized-write', undefined)).toBe(false);
    expect(permissionDecision(undefined, own)).toBe(false);
    expect(permissionDecision({ toString: () => 'clipboard-sanitized-write' }, own)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const WINDOW = 7;
  const good: IpcSender = { frameOrigin: APP_ORIGIN, frameUrl: APP_ENTRY, isMainFrame: true, webContentsId: WINDOW };

  it("trusts the studio page in the studio's window", () => {
    expect(isTrustedSender(good, WINDOW)).toBe(true);
    expect(isTrustedSender({ ...good, frameUrl: `${APP_ORIGIN}/index.html#x` }, WINDOW)).toBe(true);
  });

  it.each<[string, Partial<IpcSender>, number | null | undefined]>([
    ['another webContents', { webContentsId: 8 }, WINDOW],
    ['no window yet', {}, null],
    ['window gone', {}, undefined],
    ['a subframe', { isMainFrame: false }, WINDOW],
    ['a destroyed frame', { frameOrigin: null, frameUrl: null }, WINDOW],
    ['a frame without origin', { frameOrigin: undefined }, WINDOW],
    ['a web origin', { frameOrigin: 'https://evil.example', frameUrl: 'https://evil.example/' }, WINDOW],
    ['another studio host', { frameOrigin: 'studio://evil', frameUrl: 'studio://evil/index.html' }, WINDOW],
    ['a file page', { frameOrigin: 'file://', frameUrl: 'file:///tmp/x.html' }, WINDOW],
    ['an opaque origin', { frameOrigin: 'null', frameUrl: 'data:text/html,x' }, WINDOW],
    ['a right origin with a foreign URL', { frameUrl: 'https://evil.example/' }, WINDOW],
    ['a foreign origin with the right URL', { frameOrigin: 'https://evil.example' }, WINDOW],
  ])('refuses %s', (_name, change, windowId) => {
    expect(isTrustedSender({ ...good, ...change }, windowId)).toBe(false);
  });

  it('answers untrusted senders with a forbidden error', () => {
    expect(FORBIDDEN_REPLY).toMatchObject({ kind: 'response', ok: false, error: { code: 'forbidden' } });
  });
});

describe('custom protocol', () => {
  it('serves the UI from studio://app, a standard secure scheme that does not bypass CSP', () => {
    expect(APP_ORIGIN).toBe('studio://app');
    expect(APP_ENTRY.startsWith('studio://app/')).toBe(true);
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('studio');
    expect(APP_SCHEME_PRIVILEGES.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('corsEnabled');
  });

  it('maps only GET/HEAD studio://app requests to a path', () => {
    expect(appRequestPath(APP_ENTRY)).toBe('/index.html');
    expect(appRequestPath(`${APP_ORIGIN}/assets/a.js?x=1#y`)).toBe('/assets/a.js');
    expect(appRequestPath(`${APP_ORIGIN}/x`, 'HEAD')).toBe('/x');
    expect(appRequestPath(`${APP_ORIGIN}/x`, 'POST')).toBeNull();
    expect(appRequestPath('studio://evil/index.html')).toBeNull();
    expect(appRequestPath('studio://app@evil/index.html')).toBeNull();
    expect(appRequestPath('file:///etc/passwd')).toBeNull();
    expect(appRequestPath(42)).toBeNull();
  });

  it('with the static file check, never serves a file outside the UI folder', () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'studio-proto-')));
    try {
      mkdirSync(join(base, 'ui'));
      writeFileSync(join(base, 'ui', 'index.html'), 'ui');
      writeFileSync(join(base, 'secret.txt'), 'SECRET');
      const serve = (url: string) => {
        const path = appRequestPath(url);
        return path === null ? null : staticFile(join(base, 'ui'), path);
      };
      expect(serve(APP_ENTRY)?.path).toBe(join(base, 'ui', 'index.html'));
      for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/.%2e/secret.txt', `/${base}/secret.txt`, '/%2F..%2Fsecret.txt']) {
        expect(serve(`${APP_ORIGIN}${p}`), p).toBeNull();
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('sends the CSP and the security headers on every response', () => {
    const h = protocolResponseHeaders('text/html; charset=utf-8');
    expect(h).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': STUDIO_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
  });
});

/** The CSP as a map of directive -> sources. */
function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name), `duplicate directive ${name}`).toBe(false);
    out.set(name.toLowerCase(), sources);
  }
  return out;
}

describe('the CSP', () => {
  const csp = directives(protocolResponseHeaders('text/html')['Content-Security-Policy']!);

  it("has a default-src of 'self' only", () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it("never allows eval or inline script: script-src is 'self', 'wasm-unsafe-eval' (Wasm compile) and blob: (run glue)", () => {
    const script = csp.get('script-src')!;
    expect(script).toBeDefined();
    expect(script).not.toContain("'unsafe-eval'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-hashes'");
    expect(script).not.toContain("'strict-dynamic'");
    expect(script.some((s) => s === '*' || s === 'data:' || s === 'http:' || s === 'https:' || s.includes('://'))).toBe(false);
    expect([...script].sort()).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:'].sort());
    expect(csp.has('script-src-elem')).toBe(false);
    expect(csp.has('script-src-attr')).toBe(false);
  });

  it('keeps workers to the same origin and blob:', () => {
    expect([...csp.get('worker-src')!].sort()).toEqual(["'self'", 'blob:']);
  });

  it("refuses plugins, framing, base and form targets, and talks only to 'self'", () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('allows no remote source anywhere', () => {
    for (const [name, sources] of csp) {
      for (const s of sources) expect(s === '*' || s === 'http:' || s === 'https:' || /^[a-z]+:\/\//i.test(s), `${name} ${s}`).toBe(false);
    }
  });
});
