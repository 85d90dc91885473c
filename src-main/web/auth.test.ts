import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieName, isLoopbackHost, isOwnOrigin, newToken, presentedTokens, tokenMatches } from './auth';

const fakeReq = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const url = (path: string) => new URL(path, 'http://127.0.0.1:4000');
const COOKIE = cookieName(4000);
const presented = (req: IncomingMessage, u: URL) => presentedTokens(req, u, COOKIE);

describe('newToken', () => {
  it('has at least 128 bits, is URL-safe and differs each time', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(encodeURIComponent(a)).toBe(a);
  });
});

describe('tokenMatches', () => {
  const token = newToken();

  it('accepts the exact token', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}`.slice(0))).toBe(true);
  });

  it('refuses a different token, a prefix, an extension and a case change', () => {
    expect(tokenMatches(token, newToken())).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, token + 'A')).toBe(false);
    expect(tokenMatches(token, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase())).toBe(false);
    expect(tokenMatches(token, ` ${token}`)).toBe(false);
  });

  it('refuses empty, missing and non-string values', () => {
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(token, 42 as unknown as string)).toBe(false);
    expect(tokenMatches(token, [token] as unknown as string)).toBe(false);
    // An empty expected token must not match an empty presented one.
    expect(tokenMatches('', '')).toBe(false);
  });

  it('refuses oversized input without throwing, even when it would otherwise match', () => {
    const long = 'x'.repeat(513);
    expect(tokenMatches(long, long)).toBe(false);
    expect(tokenMatches(token, 'x'.repeat(1_000_000))).toBe(false);
    const atLimit = 'y'.repeat(512);
    expect(tokenMatches(atLimit, atLimit)).toBe(true);
  });

  it('handles non-ASCII input', () => {
    expect(tokenMatches('tökén', 'tökén')).toBe(true);
    expect(tokenMatches('tökén', 'token')).toBe(false);
  });
});

describe('presentedTokens', () => {
  it('reads ?token=', () => {
    expect(presented(fakeReq({}), url('/?token=abc'))).toEqual(['abc']);
    expect(presented(fakeReq({}), url('/x/y.js?a=1&token=a%2Bb'))).toEqual(['a+b']);
  });

  it('ignores an empty ?token=', () => {
    expect(presented(fakeReq({}), url('/?token='))).toEqual([]);
  });

  it('reads Authorization: Bearer', () => {
    expect(presented(fakeReq({ authorization: 'Bearer abc' }), url('/'))).toEqual(['abc']);
    expect(presented(fakeReq({ authorization: 'Bearer   abc  ' }), url('/'))).toEqual(['abc']);
  });

  it('ignores other authorization schemes', () => {
    expect(presented(fakeReq({ authorization: 'Basic YWJjOmRlZg==' }), url('/'))).toEqual([]);
    expect(presented(fakeReq({ authorization: 'Bearerabc' }), url('/'))).toEqual([]);
  });

  it('names the cookie after the port, so two studios on one host keep their own cookies', () => {
    expect(cookieName(4000)).toBe('studio_token_4000');
    expect(cookieName(4001)).toBe('studio_token_4001');
    expect(cookieName(4000)).not.toBe(cookieName(40000));
  });

  it(`reads the ${COOKIE} cookie among others, keeping "=" inside the value`, () => {
    expect(presented(fakeReq({ cookie: 'studio_token_4000=abc' }), url('/'))).toEqual(['abc']);
    expect(presented(fakeReq({ cookie: 'a=1; studio_token_4000=abc=def; b=2' }), url('/'))).toEqual(['abc=def']);
  });

  it("ignores another port's cookie, the unported name and look-alikes", () => {
    expect(presented(fakeReq({ cookie: 'studio_token_4001=abc; studio_token=abc; studio_token_40000=abc' }), url('/'))).toEqual([]);
    expect(presented(fakeReq({ cookie: 'xstudio_token_4000=abc; studio_token_4000x=def; studio_token_400=g; other=1' }), url('/'))).toEqual([]);
    expect(presented(fakeReq({}), url('/'))).toEqual([]);
  });

  it('collects every source at once', () => {
    const got = presented(fakeReq({ authorization: 'Bearer b', cookie: 'studio_token_4000=c' }), url('/?token=q'));
    expect(got.sort()).toEqual(['b', 'c', 'q']);
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1:4000', '127.0.0.1', 'localhost', 'localhost:80', 'LOCALHOST:1', 'LocalHost:65535', '[::1]:4000', '[::1]'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'evil.com',
    'evil.com:4000',
    '127.0.0.1.evil.com',
    '127.0.0.1.evil.com:4000',
    'localhost.evil.com',
    'evil.localhost.com',
    '127.0.0.2',
    '0.0.0.0:4000',
    '[::2]:4000',
    '[::1',
    '[',
    ':4000',
    '',
    // Malformed: only host[:port] with a numeric port in 1-65535.
    '[::1]evil',
    '[::1]evil:4000',
    '[::1]:4000evil',
    '[::1]:',
    'localhost:junk',
    'localhost:',
    'localhost:4000:4000',
    'localhost:4000/evil',
    'localhost:+4000',
    'localhost:-1',
    'localhost: 4000',
    ' localhost',
    'localhost ',
    'localhost.',
    'localhost.:4000',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '127.0.0.1:999999',
    '127.0.0.1:0x50',
    'user@localhost',
    'localhost\nevil',
    '127.1',
    '2130706433',
    '[0:0:0:0:0:0:0:1]',
    '[::ffff:127.0.0.1]',
  ])('refuses %j', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses a missing Host header', () => {
    expect(isLoopbackHost(undefined)).toBe(false);
  });
});

describe('isOwnOrigin', () => {
  it('accepts the origin matching the Host header', () => {
    expect(isOwnOrigin('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(isOwnOrigin('http://localhost:4000', 'localhost:4000')).toBe(true);
    expect(isOwnOrigin('http://[::1]:4000', '[::1]:4000')).toBe(true);
  });

  it('accepts no Origin at all (not a browser: the token decides)', () => {
    expect(isOwnOrigin(undefined, '127.0.0.1:4000')).toBe(true);
  });

  it.each([
    ['http://evil.example', '127.0.0.1:4000'],
    ['http://127.0.0.1:4001', '127.0.0.1:4000'],
    ['https://127.0.0.1:4000', '127.0.0.1:4000'],
    ['http://localhost:4000', '127.0.0.1:4000'],
    ['null', '127.0.0.1:4000'],
    ['', '127.0.0.1:4000'],
    ['http://127.0.0.1:4000.evil.example', '127.0.0.1:4000'],
    ['http://undefined', undefined],
  ])('refuses origin %j for host %j', (origin, host) => {
    expect(isOwnOrigin(origin, host)).toBe(false);
  });
});
