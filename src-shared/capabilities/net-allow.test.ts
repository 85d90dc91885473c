import { describe, expect, it } from 'vitest';
import { OriginAllowList, SocketAllowList, parseAuthority, parseIpv6, parseOrigin, parseSocketEntry, type IpSocketAddress } from './net-allow';
import { policySchema } from './policy';

const v4 = (a: string, port: number): IpSocketAddress => ({ tag: 'ipv4', val: { port, address: a.split('.').map(Number) } });
const v6 = (groups: number[], port: number): IpSocketAddress => ({ tag: 'ipv6', val: { port, address: groups, flowInfo: 0, scopeId: 0 } });

describe('parseIpv6', () => {
  it('expands :: and embedded IPv4', () => {
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('fe80::1:2')).toEqual([0xfe80, 0, 0, 0, 0, 0, 1, 2]);
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('refuses malformed addresses', () => {
    for (const bad of ['1::2::3', '12345::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::1', '::1%eth0', '1:2:3:4:5:6:7::8']) {
      expect(parseIpv6(bad), bad).toBeNull();
    }
  });
});

describe('parseSocketEntry', () => {
  it('reads IPv4, bracketed IPv6, names and the * port', () => {
    expect(parseSocketEntry('127.0.0.1:8080')).toMatchObject({ kind: 'ipv4', host: '127.0.0.1', port: 8080 });
    expect(parseSocketEntry('[::1]:443')).toMatchObject({ kind: 'ipv6', host: '0:0:0:0:0:0:0:1', port: 443 });
    expect(parseSocketEntry('LocalHost:*')).toMatchObject({ kind: 'name', host: 'localhost', port: null });
    expect(parseSocketEntry('example.com.:53')).toMatchObject({ kind: 'name', host: 'example.com', port: 53 });
    // An IPv4-mapped IPv6 entry is the IPv4 host it reaches.
    expect(parseSocketEntry('[::ffff:10.0.0.1]:80')).toMatchObject({ kind: 'ipv4', host: '10.0.0.1' });
  });
  it.each([
    ['127.0.0.1', 'it has no port'],
    ['127.0.0.1:0', 'the port "0"'],
    ['127.0.0.1:65536', 'the port "65536"'],
    ['127.0.0.1:http', 'the port "http"'],
    ['::1:80', 'needs brackets'],
    ['[::1]80', 'written [ADDRESS]:PORT'],
    ['[::zz]:80', 'is not an IPv6 address'],
    ['*:80', 'no wildcard'],
    ['*.example.com:443', 'no wildcard'],
    ['256.1.1.1:80', 'is not an IPv4 address'],
    ['010.0.0.1:80', 'is not an IPv4 address'],
    ['bad_name:80', 'is not a host name'],
    [':80', 'is not a host name'],
  ])('refuses %s naming it (%s)', (text, why) => {
    const r = parseSocketEntry(text);
    expect(typeof r).toBe('string');
    expect(r).toContain(`"${text}"`);
    expect(r).toContain(why);
  });
});

describe('SocketAllowList', () => {
  it('matches exact ports, any port, and nothing else', () => {
    const l = new SocketAllowList(['127.0.0.1:8080', '10.0.0.2:*']);
    expect(l.allows(v4('127.0.0.1', 8080))).toBe(true);
    expect(l.allows(v4('127.0.0.1', 8081))).toBe(false);
    expect(l.allows(v4('10.0.0.2', 1))).toBe(true);
    expect(l.allows(v4('10.0.0.3', 1))).toBe(false);
    // 0.0.0.0 reaches the local host on Linux: it is not 127.0.0.1 and is not allowed by it.
    expect(l.allows(v4('0.0.0.0', 8080))).toBe(false);
  });
  it('compares IPv6 by value and IPv4-mapped addresses as IPv4', () => {
    const l = new SocketAllowList(['[::1]:443', '127.0.0.1:80']);
    expect(l.allows(v6([0, 0, 0, 0, 0, 0, 0, 1], 443))).toBe(true);
    expect(l.allows(v6([0, 0, 0, 0, 0, 0, 0, 1], 444))).toBe(false);
    expect(l.allows(v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1], 80))).toBe(true);
    expect(l.allows(v6([0, 0, 0, 0, 0, 0xffff, 0x0a00, 1], 80))).toBe(false);
  });
  it('localhost stands for 127.0.0.1 and ::1; other names only for addresses their lookup returned', () => {
    const l = new SocketAllowList(['localhost:8080', 'db.internal:5432']);
    expect(l.allows(v4('127.0.0.1', 8080))).toBe(true);
    expect(l.allows(v6([0, 0, 0, 0, 0, 0, 0, 1], 8080))).toBe(true);
    expect(l.allows(v4('127.0.0.2', 8080))).toBe(false);
    expect(l.allows(v4('10.1.2.3', 5432))).toBe(false);
    expect(l.mayLookUp('DB.internal')).toBe(true);
    expect(l.mayLookUp('other.internal')).toBe(false);
    l.learn('db.internal', { tag: 'ipv4', val: [10, 1, 2, 3] });
    expect(l.allows(v4('10.1.2.3', 5432))).toBe(true);
    expect(l.allows(v4('10.1.2.3', 5433))).toBe(false);
  });
  it('a lookup of an IP literal is allowed only when an entry names that address', () => {
    const l = new SocketAllowList(['127.0.0.1:80', '[::1]:80']);
    expect(l.mayLookUp('127.0.0.1')).toBe(true);
    expect(l.mayLookUp('::1')).toBe(true);
    expect(l.mayLookUp('10.0.0.1')).toBe(false);
  });
});

describe('origins', () => {
  it('normalizes scheme, host case, default ports and a trailing slash', () => {
    expect(parseOrigin('HTTP://LocalHost')).toEqual({ scheme: 'http', host: 'localhost', port: 80 });
    expect(parseOrigin('https://example.com/')).toEqual({ scheme: 'https', host: 'example.com', port: 443 });
    expect(parseOrigin('http://[::1]:8080')).toEqual({ scheme: 'http', host: '[0:0:0:0:0:0:0:1]', port: 8080 });
  });
  it.each([
    ['ftp://example.com', 'scheme "ftp"'],
    ['example.com', 'SCHEME://HOST'],
    ['http://example.com/path', 'SCHEME://HOST'],
    ['http://user@example.com', 'user information'],
    ['http://example.com:99999', 'port "99999"'],
    ['http://exa mple.com', 'not a host name'],
  ])('refuses %s naming it', (text, why) => {
    const r = parseOrigin(text);
    expect(typeof r).toBe('string');
    expect(r).toContain(`"${text}"`);
    expect(r).toContain(why);
  });
  it('allows exactly the listed origins', () => {
    const l = new OriginAllowList(['http://127.0.0.1:8080', 'https://example.com']);
    const at = (scheme: 'http' | 'https', authority: string) => {
      const a = parseAuthority(authority, scheme);
      if (typeof a === 'string') throw new Error(a);
      return l.allows({ scheme, ...a });
    };
    expect(at('http', '127.0.0.1:8080')).toBe(true);
    expect(at('https', '127.0.0.1:8080')).toBe(false);
    expect(at('http', '127.0.0.1:8081')).toBe(false);
    expect(at('http', 'localhost:8080')).toBe(false);
    expect(at('https', 'EXAMPLE.com')).toBe(true);
    expect(at('https', 'example.com:443')).toBe(true);
    expect(at('http', 'example.com')).toBe(false);
  });
});

describe('policy schema validates the allow-lists', () => {
  it('accepts good entries and names each bad one with its index', () => {
    expect(policySchema.safeParse({ sockets: { mode: 'allow', hosts: ['127.0.0.1:80', '[::1]:*'] } }).success).toBe(true);
    const r = policySchema.safeParse({ sockets: { mode: 'allow', hosts: ['127.0.0.1:80', 'nope', '*:1'] }, http: { mode: 'allow', origins: ['ftp://x'] } });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['sockets.hosts.1', expect.stringContaining('"nope"')],
      ['sockets.hosts.2', expect.stringContaining('"*:1"')],
      ['http.origins.0', expect.stringContaining('"ftp://x"')],
    ]);
  });
});
