import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventName, StudioEvents, StudioHandlers } from '../../src-shared/protocol/api';
import { answerIpc } from '../../src-shared/protocol/frame';
import { appRoot, rendererDir } from '../paths';
import { staticFile } from '../web/static';
import { IPC } from './ipc-channels';
import {
  APP_ENTRY,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appRequestPath,
  FORBIDDEN_REPLY,
  isAllowedNavigation,
  isTrustedSender,
  navigationDecision,
  newWindowDecision,
  permissionDecision,
  protocolResponseHeaders,
} from './security';
import { windowOptions } from './window-options';

/**
 * The Electron wiring: each function connects one Electron hook to a pure decision in
 * security.ts. index.ts calls them in order.
 */

/** Before `ready`: sandbox every renderer, and make studio:// a standard, secure scheme. */
export function setupScheme(): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** studio://app/… serves files of the built UI folder only, with the studio's CSP and headers. */
export function setupProtocol(): void {
  const root = rendererDir();
  const notFound = () => new Response('Not found', { status: 404, headers: protocolResponseHeaders('text/plain; charset=utf-8') });
  protocol.handle(APP_SCHEME, async (request) => {
    const path = appRequestPath(request.url, request.method);
    const file = path === null ? null : staticFile(root, path);
    if (!file) return notFound();
    try {
      const response = await net.fetch(pathToFileURL(file.path).href);
      if (!response.ok) return notFound();
      return new Response(response.body, { status: 200, headers: protocolResponseHeaders(file.type) });
    } catch {
      return notFound(); // removed between the check and the read
    }
  });
}

/** Permissions: only what permissionDecision grants (the clipboard write behind Copy buttons), for the app's own page. */
export function setupPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision(permission, { requestingOrigin, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }),
  );
  ses.setDevicePermissionHandler(() => false);
}

/** No navigation away from studio://app, no new windows, no webviews; web links go to the system browser. */
export function setupNavigationGuards(): void {
  const openOutside = (url: string | null) => {
    if (url) void shell.openExternal(url);
  };
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      const decision = navigationDecision(event.url);
      if (decision.allow) return;
      event.preventDefault();
      openOutside(decision.openExternally);
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = newWindowDecision(url);
      openOutside(decision.openExternally);
      return { action: decision.action };
    });
  });
}

/** The one IPC channel: every message's sender is checked, then the message is validated by dispatch. */
export function setupIpc(handlers: StudioHandlers, mainWindow: () => BrowserWindow | null): void {
  ipcMain.handle(IPC.request, async (event: IpcMainInvokeEvent, message: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      frameOrigin: frame?.origin,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      webContentsId: event.sender.id,
    };
    const win = mainWindow();
    const windowId = win && !win.isDestroyed() ? win.webContents.id : null;
    if (!isTrustedSender(sender, windowId)) return FORBIDDEN_REPLY;
    return answerIpc(handlers, message);
  });
}

/** Events to the UI go to the studio's window only. */
export function eventSender(mainWindow: () => BrowserWindow | null) {
  return <E extends EventName>(event: E, payload: StudioEvents[E]): void => {
    const win = mainWindow();
    if (win && !win.isDestroyed()) win.webContents.send(IPC.event, { event, payload });
  };
}

/** The system's folder dialog, behind the `folder.pick` request (null when cancelled). */
export function folderDialog(mainWindow: () => BrowserWindow | null) {
  return async (title?: string): Promise<string | null> => {
    const win = mainWindow();
    const options = { title: title ?? 'Open a project folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(appRoot, 'out/preload/index.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
