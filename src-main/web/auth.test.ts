import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { COOKIE, isLoopbackHost, isOwnOrigin, newToken, presentedTokens, tokenMatches } from './auth';

const fakeReq = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const url = (path: string) => new URL(path, 'http://127.0.0.1:4000');

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
    expect(presentedTokens(fakeReq({}), url('/?token=abc'))).toEqual(['abc']);
    expect(presentedTokens(fakeReq({}), url('/x/y.js?a=1&token=a%2Bb'))).toEqual(['a+b']);
  });

  it('ignores an empty ?token=', () => {
    expect(presentedTokens(fakeReq({}), url('/?token='))).toEqual([]);
  });

  it('reads Authorization: Bearer', () => {
    expect(presentedTokens(fakeReq({ authorization: 'Bearer abc' }), url('/'))).toEqual(['abc']);
    expect(presentedTokens(fakeReq({ authorization: 'Bearer   abc  ' }), url('/'))).toEqual(['abc']);
  });

  it('ignores other authorization schemes', () => {
    expect(presentedTokens(fakeReq({ authorization: 'Basic YWJjOmRlZg==' }), url('/'))).toEqual([]);
    expect(presentedTokens(fakeReq({ authorization: 'Bearerabc' }), url('/'))).toEqual([]);
  });

  it(`reads the ${COOKIE} cookie among others, keeping "=" inside the value`, () => {
    expect(COOKIE).toBe('studio_token');
    expect(presentedTokens(fakeReq({ cookie: 'studio_token=abc' }), url('/'))).toEqual(['abc']);
    expect(presentedTokens(fakeReq({ cookie: 'a=1; studio_token=abc=def; b=2' }), url('/'))).toEqual(['abc=def']);
  });

  it('ignores cookies with other names, including look-alikes', () => {
    expect(presentedTokens(fakeReq({ cookie: 'xstudio_token=abc; studio_token_x=def; other=1' }), url('/'))).toEqual([]);
    expect(presentedTokens(fakeReq({}), url('/'))).toEqual([]);
  });

  it('collects every source at once', () => {
    const got = presentedTokens(fakeReq({ authorization: 'Bearer b', cookie: 'studio_token=c' }), url('/?token=q'));
    expect(got.sort()).toEqual(['b', 'c', 'q']);
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1:4000', '127.0.0.1', 'localhost', 'localhost:80', 'LOCALHOST:1', '[::1]:4000', '[::1]'])('accepts %s', (host) => {
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
