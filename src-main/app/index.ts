import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StudioHandlers } from '../../src-shared/protocol/api';
import { STUDIO_CSP } from '../../src-shared/protocol/csp';
import { dispatch } from '../../src-shared/protocol/envelope';
import { appRoot, rendererDir, samplesDir } from '../paths';
import { openSession } from '../services/session';
import { staticFile } from '../web/static';
import { IPC } from './ipc-channels';
import { APP_ORIGIN, isExternalLinkAllowed, windowOptions } from './window-options';

// Composition root: each setup step in order, as Electron Fiddle does.
protocol.registerSchemesAsPrivileged([{ scheme: 'studio', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let window: BrowserWindow | null = null;

function projectArg(): string {
  const args = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args[0] ?? join(samplesDir(), 'hello-c');
}

function setupProtocol(): void {
  const root = rendererDir();
  protocol.handle('studio', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? staticFile(root, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.path).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', STUDIO_CSP);
    headers.set('Content-Type', file.type);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}

function setupPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function setupNavigationGuards(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function setupIpc(handlers: StudioHandlers): void {
  ipcMain.handle(IPC.request, async (event, message: unknown) => {
    // Only our own page may speak to the services.
    const origin = event.senderFrame?.origin ?? '';
    if (origin !== APP_ORIGIN || event.sender !== window?.webContents) {
      return { kind: 'response', id: -1, ok: false, error: { code: 'forbidden', message: 'sender not allowed' } };
    }
    return dispatch(handlers, message);
  });
}

function createWindow(): void {
  window = new BrowserWindow(windowOptions(join(appRoot, 'out/preload/index.cjs')));
  window.once('ready-to-show', () => window?.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(() => {
  const s = openSession(projectArg(), (event, payload) => window?.webContents.send(IPC.event, { event, payload }));
  if (s.error) console.error(`Could not open the project: ${s.error}`);
  setupProtocol();
  setupPermissions();
  setupNavigationGuards();
  setupIpc(s.handlers);
  createWindow();
  s.studio?.warm();
  app.on('window-all-closed', () => {
    s.studio?.dispose();
    app.quit();
  });
});
