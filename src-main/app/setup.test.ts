/**
 * The Electron wiring, with `electron` mocked: each hook is connected to its decision in
 * security.ts, and the decision is what Electron is told.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioHandlers } from '../../src-shared/protocol/api';
import { IPC } from './ipc-channels';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME_PRIVILEGES, FORBIDDEN_REPLY } from './security';
import { windowOptions } from './window-options';

type Fn = (...args: any[]) => any;

const m = vi.hoisted(() => {
  const uiDir = `${process.env.TMPDIR ?? '/tmp'}/studio-setup-test-${process.pid}`;
  const appHandlers = new Map<string, Fn>();
  const windows: { options: unknown; url?: string; sent: unknown[][]; destroyed: boolean; webContents: { id: number; send: Fn } }[] = [];
  return {
    uiDir,
    appHandlers,
    windows,
    app: { enableSandbox: vi.fn(), on: vi.fn((name: string, f: Fn) => appHandlers.set(name, f)) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ses: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() },
    shell: { openExternal: vi.fn(async () => {}) },
    ipcMain: { handle: vi.fn(), on: vi.fn() },
    net: { fetch: vi.fn() },
    dialog: { showOpenDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: false, filePaths: ['/home/ada/project'] })) },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    options: unknown;
    url?: string;
    sent: unknown[][] = [];
    destroyed = false;
    webContents = { id: 100 + m.windows.length, send: (...a: unknown[]) => this.sent.push(a) };
    constructor(options: unknown) {
      this.options = options;
      m.windows.push(this);
    }
    once() {}
    show() {}
    isDestroyed() {
      return this.destroyed;
    }
    async loadURL(url: string) {
      this.url = url;
    }
  }
  return {
    app: m.app,
    protocol: m.protocol,
    session: { defaultSession: m.ses },
    shell: m.shell,
    ipcMain: m.ipcMain,
    net: m.net,
    dialog: m.dialog,
    BrowserWindow,
  };
});

vi.mock('../paths', async (orig) => ({ ...(await orig<typeof import('../paths')>()), rendererDir: () => m.uiDir }));

const setup = await import('./setup');

beforeEach(() => {
  vi.clearAllMocks();
  m.appHandlers.clear();
});

afterAll(() => rmSync(m.uiDir, { recursive: true, force: true }));

describe('setupScheme', () => {
  it('sandboxes every renderer and registers studio:// as a privileged standard scheme', () => {
    setup.setupScheme();
    expect(m.app.enableSandbox).toHaveBeenCalledOnce();
    expect(m.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
  });
});

describe('setupPermissions', () => {
  it('answers requests and checks with permissionDecision, and refuses every device', () => {
    setup.setupPermissions();
    const request = m.ses.setPermissionRequestHandler.mock.calls[0]![0] as Fn;
    const check = m.ses.setPermissionCheckHandler.mock.calls[0]![0] as Fn;
    const device = m.ses.setDevicePermissionHandler.mock.calls[0]![0] as Fn;
    const answer = (permission: string, details: object) => {
      const cb = vi.fn();
      request({}, permission, cb, details);
      return cb.mock.calls[0]![0];
    };
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'unknown']) {
      expect(answer(p, { requestingUrl: APP_ENTRY, isMainFrame: true }), p).toBe(false);
      expect(check({}, p, APP_ORIGIN, { requestingUrl: APP_ENTRY, isMainFrame: true }), p).toBe(false);
    }
    expect(answer('clipboard-sanitized-write', { requestingUrl: APP_ENTRY, isMainFrame: true })).toBe(true);
    expect(answer('clipboard-sanitized-write', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(check({}, 'clipboard-sanitized-write', APP_ORIGIN, { requestingUrl: APP_ENTRY, isMainFrame: true })).toBe(true);
    expect(check({}, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(device({ deviceType: 'usb', origin: APP_ORIGIN })).toBe(false);
  });
});

/** A fake webContents that records the handlers setupNavigationGuards attaches. */
function fakeContents() {
  const on = new Map<string, Fn>();
  let openHandler: Fn | undefined;
  const contents = {
    on: (name: string, f: Fn) => (on.set(name, f), contents),
    setWindowOpenHandler: (f: Fn) => (openHandler = f),
  };
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    on.get(name)!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, on, fire, open: (url: string) => openHandler!({ url }) };
}

describe('setupNavigationGuards', () => {
  const attach = () => {
    setup.setupNavigationGuards();
    const f = fakeContents();
    m.appHandlers.get('web-contents-created')!({}, f.contents);
    return f;
  };

  it('guards every webContents: navigation, frame navigation, redirects, webviews and new windows', () => {
    const f = attach();
    expect([...f.on.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  });

  it('lets the studio navigate within studio://app', () => {
    const f = attach();
    expect(f.fire('will-navigate', APP_ENTRY)).toBe(false);
    expect(f.fire('will-frame-navigate', `${APP_ORIGIN}/engine-host.html`)).toBe(false);
    expect(m.shell.openExternal).not.toHaveBeenCalled();
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'studio://evil/index.html', 'about:blank'])(
    'prevents navigation to %s and opens nothing',
    (url) => {
      const f = attach();
      for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) expect(f.fire(name, url), name).toBe(true);
      expect(f.open(url)).toEqual({ action: 'deny' });
      expect(m.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it('keeps web pages out of the window and hands http(s) links to the system browser', () => {
    const f = attach();
    expect(f.fire('will-navigate', 'https://example.com/docs')).toBe(true);
    expect(m.shell.openExternal).toHaveBeenLastCalledWith('https://example.com/docs');
    expect(f.open('http://example.com/a b')).toEqual({ action: 'deny' });
    expect(m.shell.openExternal).toHaveBeenLastCalledWith('http://example.com/a%20b');
    expect(f.fire('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(m.shell.openExternal).toHaveBeenCalledTimes(2);
  });

  it('refuses every <webview>', () => {
    const f = attach();
    const event = { preventDefault: vi.fn() };
    f.on.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('setupIpc', () => {
  const calls: unknown[] = [];
  const handlers = {
    'project.get': async (p: unknown) => (calls.push(p), { dir: '/p' }),
  } as unknown as StudioHandlers;
  const win = { isDestroyed: () => false, webContents: { id: 7 } };
  const frame = (origin: string, url: string, parent: unknown = null) => ({ origin, url, parent });
  const event = (senderId: number, senderFrame: unknown) => ({ sender: { id: senderId }, senderFrame });
  const request = { kind: 'request', id: 1, method: 'project.get', params: {} };

  const listen = (mainWindow: unknown = win) => {
    calls.length = 0;
    setup.setupIpc(handlers, () => mainWindow as never);
    expect(m.ipcMain.handle).toHaveBeenCalledOnce();
    expect(m.ipcMain.handle.mock.calls[0]![0]).toBe(IPC.request);
    expect(m.ipcMain.on).not.toHaveBeenCalled();
    return m.ipcMain.handle.mock.calls[0]![1] as Fn;
  };

  it("dispatches a valid message from the studio page in the studio's window", async () => {
    const handle = listen();
    expect(await handle(event(7, frame(APP_ORIGIN, APP_ENTRY)), request)).toEqual({ kind: 'response', id: 1, ok: true, result: { dir: '/p' } });
    expect(calls).toEqual([{}]);
  });

  it.each([
    ['another webContents', event(8, frame(APP_ORIGIN, APP_ENTRY))],
    ['a subframe', event(7, frame(APP_ORIGIN, APP_ENTRY, {}))],
    ['a destroyed frame', event(7, null)],
    ['a web page', event(7, frame('https://evil.example', 'https://evil.example/'))],
    ['another studio host', event(7, frame('studio://evil', 'studio://evil/'))],
    ['a file page', event(7, frame('file://', 'file:///tmp/x.html'))],
  ])('refuses %s without running anything', async (_name, e) => {
    const handle = listen();
    expect(await handle(e, request)).toEqual(FORBIDDEN_REPLY);
    expect(calls).toEqual([]);
  });

  it('refuses everything before the window exists and after it is gone', async () => {
    expect(await listen(null)(event(7, frame(APP_ORIGIN, APP_ENTRY)), request)).toEqual(FORBIDDEN_REPLY);
    vi.clearAllMocks();
    expect(await listen({ ...win, isDestroyed: () => true })(event(7, frame(APP_ORIGIN, APP_ENTRY)), request)).toEqual(FORBIDDEN_REPLY);
    expect(calls).toEqual([]);
  });

  it('answers malformed and oversized messages from the trusted page with an error, never a throw', async () => {
    const handle = listen();
    const e = event(7, frame(APP_ORIGIN, APP_ENTRY));
    expect(await handle(e, { kind: 'request', id: 2, method: 'nope', params: {} })).toMatchObject({ id: 2, ok: false, error: { code: 'unknown-method' } });
    expect(await handle(e, { kind: 'request', id: 3, method: 'file.read', params: { path: 1 } })).toMatchObject({ id: 3, ok: false, error: { code: 'bad-params' } });
    expect(await handle(e, { kind: 'request', id: 4, method: 'file.write', params: { path: 'a', content: 'x'.repeat(9 * 1024 * 1024) } })).toMatchObject({
      id: 4,
      ok: false,
      error: { code: 'bad-params' },
    });
    expect(await handle(e, { kind: 'event', id: 5 })).toMatchObject({ id: 5, ok: false, error: { code: 'bad-request' } });
    // No id to answer to, and no connection to close: an error reply with id -1.
    expect(await handle(e, 'garbage')).toEqual({ kind: 'response', id: -1, ok: false, error: { code: 'bad-request', message: 'not a request: expected a JSON object' } });
    expect(await handle(e, { kind: 'request', method: 'project.get', params: {} })).toMatchObject({ id: -1, ok: false, error: { code: 'bad-request' } });
    expect(calls).toEqual([]);
  });
});

describe('setupProtocol', () => {
  const serve = async (url: string, method = 'GET') => {
    setup.setupProtocol();
    expect(m.protocol.handle.mock.calls[0]![0]).toBe('studio');
    const handler = m.protocol.handle.mock.calls[0]![1] as (r: { url: string; method: string }) => Promise<Response>;
    return handler({ url, method });
  };

  beforeEach(() => {
    mkdirSync(m.uiDir, { recursive: true });
    writeFileSync(join(m.uiDir, 'index.html'), '<title>studio</title>');
    writeFileSync(join(m.uiDir, '..', `studio-setup-secret-${process.pid}.txt`), 'SECRET');
    m.net.fetch.mockImplementation(async () => new Response('<title>studio</title>'));
  });

  it('serves a UI file with the CSP and security headers', async () => {
    const r = await serve(APP_ENTRY);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(String(m.net.fetch.mock.calls[0]![0])).toBe(`file://${join(m.uiDir, 'index.html')}`);
  });

  it.each([
    'studio://evil/index.html',
    `${APP_ORIGIN}/../studio-setup-secret-${process.pid}.txt`,
    `${APP_ORIGIN}/%2e%2e/studio-setup-secret-${process.pid}.txt`,
    `${APP_ORIGIN}/..%2fstudio-setup-secret-${process.pid}.txt`,
    `${APP_ORIGIN}/nope.js`,
  ])('answers 404 for %s without reading anything', async (url) => {
    const r = await serve(url);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(m.net.fetch).not.toHaveBeenCalled();
  });

  it('refuses other methods', async () => {
    expect((await serve(APP_ENTRY, 'POST')).status).toBe(404);
  });

  it('answers 404 when the file goes away between the check and the read', async () => {
    m.net.fetch.mockImplementation(async () => {
      throw new Error('net::ERR_FILE_NOT_FOUND');
    });
    expect((await serve(APP_ENTRY)).status).toBe(404);
  });

  afterAll(() => rmSync(join(m.uiDir, '..', `studio-setup-secret-${process.pid}.txt`), { force: true }));
});

describe('createMainWindow and eventSender', () => {
  it('opens the window with windowOptions() and the preload, on the studio:// entry (never file://)', async () => {
    m.windows.length = 0;
    const win = setup.createMainWindow();
    const made = m.windows[0]!;
    expect(made).toBe(win as unknown);
    const expected = windowOptions('');
    const got = made.options as typeof expected;
    expect({ ...got, webPreferences: { ...got.webPreferences, preload: '' } }).toEqual(expected);
    expect(got.webPreferences!.preload).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
    expect(made.url).toBe(APP_ENTRY);
  });

  it("sends events to the studio's window only, and not to a destroyed one", () => {
    m.windows.length = 0;
    const win = setup.createMainWindow();
    const made = m.windows[0]!;
    const send = setup.eventSender(() => win);
    send('build.progress', { message: 'x', fraction: null });
    expect(made.sent).toEqual([[IPC.event, { event: 'build.progress', payload: { message: 'x', fraction: null } }]]);
    made.destroyed = true;
    send('build.progress', { message: 'y', fraction: null });
    expect(made.sent).toHaveLength(1);
    setup.eventSender(() => null)('build.progress', { message: 'z', fraction: null });
  });
});

describe('folderDialog', () => {
  it('asks the system for one folder, as a sheet of the studio window, and says null when cancelled', async () => {
    const win = setup.createMainWindow();
    const pick = setup.folderDialog(() => win);
    expect(await pick()).toBe('/home/ada/project');
    expect(m.dialog.showOpenDialog).toHaveBeenCalledWith(win, { title: 'Open a project folder', properties: ['openDirectory', 'createDirectory'] });
    m.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await pick('Choose')).toBeNull();
  });
});
