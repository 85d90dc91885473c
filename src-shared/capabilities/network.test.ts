import { describe, expect, it } from 'vitest';
import { takeRefusalDetail, type ImportObject } from './imports';
import { network } from './network';
import { policySchema, resolveGrants } from './policy';

// Shim-like resources: #private fields fail if a method runs on a proxy instead of the instance.
const log: string[] = [];
class TcpSocket {
  #id = 1;
  startConnect(_n: object, a: { val: { port: number } }) {
    log.push(`connect ${this.#id} ${a.val.port}`);
  }
  startBind() {
    log.push('bind');
  }
  subscribe() {
    return this.#id;
  }
}
class UdpSocket {
  #id = 2;
  startBind(_n: object, a: { val: { port: number } }) {
    log.push(`udp bind ${this.#id} ${a.val.port}`);
  }
  stream() {
    return [new Incoming(), new Outgoing()];
  }
}
class Incoming {
  #x = 0;
  receive() {
    return [this.#x, 1].map((i) => ({ data: new Uint8Array([i]), remoteAddress: i ? v4('10.0.0.9', 53) : v4('127.0.0.1', 53) }));
  }
}
class Outgoing {
  #x = 0;
  send(d: unknown[]) {
    return BigInt(d.length + this.#x);
  }
}
class Stream {
  #i = 0;
  resolveNextAddress() {
    return [{ tag: 'ipv4', val: [10, 1, 2, 3] }][this.#i++];
  }
}
class Request {
  constructor(private s: unknown, private a: string | undefined, private p: string | undefined = '/') {}
  pathWithQuery() {
    return this.p;
  }
  scheme() {
    return this.s;
  }
  authority() {
    return this.a;
  }
}
const v4 = (a: string, port: number) => ({ tag: 'ipv4', val: { port, address: a.split('.').map(Number) } });

const base: ImportObject = {
  'wasi:sockets/tcp-create-socket': { createTcpSocket: () => new TcpSocket() },
  'wasi:sockets/udp-create-socket': { createUdpSocket: () => new UdpSocket() },
  'wasi:sockets/ip-name-lookup': { resolveAddresses: () => new Stream() },
  'wasi:http/outgoing-handler': { handle: (r: Request) => `sent ${r.authority()}` },
};
const netOf = (policy: unknown) => network(base, resolveGrants(policySchema.parse(policy), 'p', {}));
type Any = Record<string, (...a: unknown[]) => any>;
const refused = (f: () => unknown, error: unknown = 'access-denied'): string => {
  takeRefusalDetail();
  try {
    f();
  } catch (e) {
    expect(e).toEqual(error);
    const why = takeRefusalDetail();
    expect(why).not.toBeNull();
    return why!;
  }
  throw new Error('expected a refusal');
};

describe('network: sockets allow-list', () => {
  const net = netOf({ sockets: { mode: 'allow', hosts: ['127.0.0.1:8080', 'db.internal:5432'] } });
  const tcp = () => (net['wasi:sockets/tcp-create-socket'] as Any).createTcpSocket!('ipv4') as Any;

  it('connects to a listed address on the real instance, refuses others with access-denied', () => {
    log.length = 0;
    const s = tcp();
    expect(s).toBeInstanceOf(TcpSocket);
    s.startConnect!({}, v4('127.0.0.1', 8080));
    expect(log).toEqual(['connect 1 8080']);
    expect(refused(() => tcp().startConnect!({}, v4('127.0.0.1', 8081)))).toContain('127.0.0.1:8081');
    expect(s.subscribe!()).toBe(1);
  });

  it('refuses TCP bind: no entry grants listening', () => {
    expect(refused(() => tcp().startBind!({}, v4('0.0.0.0', 8080)))).toMatch(/bind/);
    expect(log).not.toContain('bind');
  });

  it('looks up only listed names, and lets the guest connect to what the lookup returned', () => {
    const lookup = net['wasi:sockets/ip-name-lookup'] as Any;
    expect(refused(() => lookup.resolveAddresses!({}, 'evil.example'))).toContain('evil.example');
    expect(refused(() => tcp().startConnect!({}, v4('10.1.2.3', 5432)))).toContain('10.1.2.3:5432');
    const stream = lookup.resolveAddresses!({}, 'db.internal') as Any;
    expect(stream.resolveNextAddress!()).toEqual({ tag: 'ipv4', val: [10, 1, 2, 3] });
    log.length = 0;
    tcp().startConnect!({}, v4('10.1.2.3', 5432));
    expect(log).toEqual(['connect 1 5432']);
  });

  it('UDP: binds only port 0, streams and sends only to listed addresses, drops datagrams from unlisted ones', () => {
    const u = (net['wasi:sockets/udp-create-socket'] as Any).createUdpSocket!('ipv4') as Any;
    expect(refused(() => u.startBind!({}, v4('0.0.0.0', 53)))).toMatch(/ephemeral/);
    u.startBind!({}, v4('0.0.0.0', 0));
    expect(refused(() => u.stream!(v4('10.0.0.9', 53)))).toContain('10.0.0.9:53');
    const [incoming, outgoing] = u.stream!(undefined) as [Any, Any];
    expect(refused(() => outgoing.send!([{ data: new Uint8Array(1), remoteAddress: v4('8.8.8.8', 53) }]))).toContain('8.8.8.8:53');
    expect(outgoing.send!([{ data: new Uint8Array(1), remoteAddress: v4('127.0.0.1', 8080) }])).toBe(1n);
    expect(incoming.receive!(10n)).toEqual([]);
  });
});

describe('network: http allow-list', () => {
  const handle = (policy: unknown) => (netOf(policy)['wasi:http/outgoing-handler'] as Any).handle!;
  const allow = handle({ http: { mode: 'allow', origins: ['http://127.0.0.1:8080', 'https://example.com'] } });

  it('sends a request to a listed origin', () => {
    expect(allow(new Request({ tag: 'HTTP' }, '127.0.0.1:8080'), undefined)).toBe('sent 127.0.0.1:8080');
    // No scheme means https in both shims.
    expect(allow(new Request(undefined, 'example.com'), undefined)).toBe('sent example.com');
  });

  it.each([
    [{ tag: 'HTTP' }, '127.0.0.1:8081', 'http://127.0.0.1:8081'],
    [{ tag: 'HTTPS' }, '127.0.0.1:8080', 'https://127.0.0.1:8080'],
    [{ tag: 'HTTP' }, 'example.com', 'http://example.com:80'],
    [{ tag: 'other', val: 'ftp' }, 'example.com', 'ftp://example.com'],
    [{ tag: 'HTTP' }, undefined, 'no authority'],
  ])('refuses %j %s with HTTP-request-denied naming the origin', (scheme, authority, shown) => {
    expect(refused(() => allow(new Request(scheme, authority), undefined), { tag: 'HTTP-request-denied' })).toContain(shown);
  });

  it('refuses a path that would move the authority (a URL built as scheme://authority + path)', () => {
    expect(refused(() => allow(new Request({ tag: 'HTTP' }, '127.0.0.1:8080', '@evil.example/'), undefined), { tag: 'HTTP-request-denied' })).toContain('"@evil.example/"');
  });

  it('denied: refuses every request, naming its origin', () => {
    const deny = handle({});
    expect(refused(() => deny(new Request({ tag: 'HTTP' }, 'localhost:1'), undefined), { tag: 'HTTP-request-denied' })).toContain('http://localhost:1');
  });
});
