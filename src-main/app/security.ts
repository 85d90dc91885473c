import type { CustomScheme } from 'electron';
import { SECURITY_HEADERS, STUDIO_CSP } from '../../src-shared/protocol/csp';

/**
 * Every security decision of the Electron main process, as pure functions of plain values, so
 * unit tests can hold them to the checklist without an Electron binary. setup.ts only wires them.
 */

/** The UI is served from this custom protocol, never from file://. */
export const APP_SCHEME = 'studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the studio:// scheme: a standard, secure origin (so 'self', workers and fetch
 * work as on https). Never bypassCSP, never corsEnabled: other origins get nothing from it.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const MAX_URL = 8192;

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL of the studio's own pages: studio://app/…, without credentials. */
function isAppUrl(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * May the window (or any frame in it) navigate to `url`? Only to the studio's own pages.
 * javascript:, data:, file:, blob:, about:, studio://<other host> and every web URL are refused
 * (a web URL may still be offered to the system browser through externalUrl).
 */
export function isAllowedNavigation(url: unknown): boolean {
  const u = parse(url);
  return u !== null && isAppUrl(u);
}

/**
 * The URL to hand to the system browser for a link the UI opened, or null. Only http(s) with a
 * host and no credentials ("https://user@host" is a phishing shape); the URL is re-serialized
 * by the parser, so what is opened is exactly what was checked.
 */
export function externalUrl(url: unknown): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}

/** window.open, target=_blank and middle-click: never a new Electron window; http(s) goes to the system browser. */
export function newWindowDecision(url: unknown): { action: 'deny'; openExternally: string | null } {
  return { action: 'deny', openExternally: externalUrl(url) };
}

/** In-page navigation away from the studio: refused; a web link is offered to the system browser instead. */
export function navigationDecision(url: unknown): { allow: boolean; openExternally: string | null } {
  if (isAllowedNavigation(url)) return { allow: true, openExternally: null };
  return { allow: false, openExternally: externalUrl(url) };
}

/**
 * The permissions the studio needs, each only for its own top-level page. The Copy buttons use
 * navigator.clipboard.writeText, which Chromium gates behind 'clipboard-sanitized-write' (and a
 * user gesture). Nothing else: no camera, microphone, notifications, geolocation, clipboard
 * reading, HID/serial/USB, fullscreen, pointer lock, openExternal…
 */
export const NEEDED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export interface PermissionDetails {
  /** From a permission request (setPermissionRequestHandler). */
  requestingUrl?: string;
  /** From a permission check (setPermissionCheckHandler). */
  requestingOrigin?: string;
  isMainFrame?: boolean;
}

/** The one answer for both the permission request and the permission check handlers. */
export function permissionDecision(permission: unknown, details: PermissionDetails | null | undefined): boolean {
  if (typeof permission !== 'string' || !NEEDED_PERMISSIONS.includes(permission)) return false;
  if (!details || details.isMainFrame !== true) return false;
  const { requestingUrl, requestingOrigin } = details;
  if (requestingUrl === undefined && requestingOrigin === undefined) return false;
  if (requestingUrl !== undefined && !isAllowedNavigation(requestingUrl)) return false;
  if (requestingOrigin !== undefined && requestingOrigin !== APP_ORIGIN && requestingOrigin !== `${APP_ORIGIN}/`) return false;
  return true;
}

/** What main knows about the frame an IPC message came from. */
export interface IpcSender {
  /** event.senderFrame?.origin (null when the frame is gone). */
  frameOrigin: string | null | undefined;
  /** event.senderFrame?.url */
  frameUrl: string | null | undefined;
  /** event.senderFrame === event.sender.mainFrame */
  isMainFrame: boolean;
  /** event.sender.id */
  webContentsId: number;
}

/**
 * Only the studio's own top-level page, in the studio's own window, may talk to the services:
 * not a subframe, not another window or webContents, not a page that navigated elsewhere.
 */
export function isTrustedSender(sender: IpcSender, windowWebContentsId: number | null | undefined): boolean {
  if (typeof windowWebContentsId !== 'number' || sender.webContentsId !== windowWebContentsId) return false;
  if (!sender.isMainFrame) return false;
  if (sender.frameOrigin !== APP_ORIGIN) return false;
  return isAllowedNavigation(sender.frameUrl);
}

/** The answer to a message from an untrusted sender: an error, never a dispatch. */
export const FORBIDDEN_REPLY = { kind: 'response', id: -1, ok: false, error: { code: 'forbidden', message: 'sender not allowed' } } as const;

/** The studio:// request path to serve, or null: GET/HEAD of studio://app/… only. */
export function appRequestPath(url: unknown, method = 'GET'): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const u = parse(url);
  if (!u || !isAppUrl(u)) return null;
  return u.pathname;
}

/** Headers on every studio:// response, the same policy as browser mode. */
export function protocolResponseHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, ...SECURITY_HEADERS };
}
