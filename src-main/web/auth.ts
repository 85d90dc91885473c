import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token cookie's name, specific to the port: cookies are scoped by host, not port, so two
 * studios on 127.0.0.1 would otherwise overwrite each other's cookie.
 */
export function cookieName(port: number): string {
  return `studio_token_${port}`;
}

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time whatever the lengths, by comparing digests. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: query string, the `cookie` cookie, or Authorization: Bearer. */
export function presentedTokens(req: IncomingMessage, url: URL, cookie: string): string[] {
  const out: string[] = [];
  const q = url.searchParams.get('token');
  if (q) out.push(q);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) out.push(auth.slice(7).trim());
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookie) out.push(v.join('='));
  }
  return out;
}

/** A loopback name and an optional numeric port (1-65535), nothing else: "[::1]evil", "localhost:junk" and "localhost." are refused. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/i;

/** Refuses Host headers that are not loopback: a DNS-rebinding page arrives with its own name. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (typeof host !== 'string') return false;
  const m = LOOPBACK_HOST.exec(host);
  if (!m) return false;
  return m[1] === undefined || (Number(m[1]) >= 1 && Number(m[1]) <= 65535);
}

/** A WebSocket upgrade from a browser must come from the studio's own origin. */
export function isOwnOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: the token alone decides
  if (!host) return false; // else "http://undefined" would pass
  return origin === `http://${host}`;
}
