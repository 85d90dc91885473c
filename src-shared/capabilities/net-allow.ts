/**
 * The network allow-lists of a policy, parsed and matched.
 *
 * Socket entries are `HOST:PORT`: HOST an IPv4 literal (`127.0.0.1`), a bracketed IPv6 literal
 * (`[::1]`) or a DNS name (`localhost`, `example.com`); PORT 1–65535 or `*` for any port.
 * There is no host wildcard: every host the guest may reach is named. The name `localhost`
 * also stands for 127.0.0.1 and ::1 (RFC 6761); any other name allows the addresses that a
 * lookup of that name returned to the guest during the same run.
 *
 * HTTP entries are origins, `http://HOST[:PORT]` or `https://HOST[:PORT]` (default ports 80
 * and 443), matched exactly against a request's scheme and authority, as a browser compares
 * origins: `http://localhost:8080` does not allow `http://127.0.0.1:8080`.
 */

/** An IP address as WASI passes it: four octets or eight 16-bit groups. */
export type IpAddress = { tag: 'ipv4'; val: number[] } | { tag: 'ipv6'; val: number[] };
export type IpSocketAddress =
  | { tag: 'ipv4'; val: { port: number; address: number[] } }
  | { tag: 'ipv6'; val: { port: number; address: number[]; flowInfo?: number; scopeId?: number } };

export interface SocketEntry {
  /** As written, for messages. */
  text: string;
  /** Canonical host: a dotted IPv4, a compressed-free IPv6 (`0:0:…:1`), or a lower-case name. */
  host: string;
  kind: 'ipv4' | 'ipv6' | 'name';
  /** null: any port. */
  port: number | null;
}

export interface Origin {
  scheme: 'http' | 'https';
  host: string;
  port: number;
}

const NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

function parsePort(text: string): number | null | undefined {
  if (text === '*') return null;
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Dotted IPv4 text -> octets, or null. Leading zeros are refused: some resolvers read them as octal. */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    out.push(Number(p));
  }
  return out;
}

/** IPv6 text (without brackets) -> eight groups, or null. Accepts `::` and a trailing dotted IPv4. */
export function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const hex = (g: string) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN);
  const left = groups(halves[0]!).map(hex);
  const right = halves.length === 2 ? groups(halves[1]!).map(hex) : [];
  const given = left.length + right.length + tail.length;
  if ([...left, ...right].some(Number.isNaN)) return null;
  if (halves.length === 1) return given === 8 ? [...left, ...tail] : null;
  if (given > 7) return null;
  return [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
}

const v6Text = (g: number[]) => g.map((x) => x.toString(16)).join(':');

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) reaches an IPv4 host: compare it as one. */
function canonicalAddress(a: IpAddress): { kind: 'ipv4' | 'ipv6'; host: string } {
  if (a.tag === 'ipv6') {
    const g = a.val;
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
      return { kind: 'ipv4', host: [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.') };
    }
    return { kind: 'ipv6', host: v6Text(g) };
  }
  return { kind: 'ipv4', host: a.val.join('.') };
}

/** Parses one socket entry; a string is the reason it is not one. */
export function parseSocketEntry(text: string): SocketEntry | string {
  const bad = (why: string) => `"${text}" is not a socket entry: ${why} (write HOST:PORT, e.g. 127.0.0.1:8080, [::1]:443, localhost:*)`;
  let hostText: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return bad('an IPv6 address is written [ADDRESS]:PORT');
    hostText = text.slice(1, close);
    portText = text.slice(close + 2);
    const groups = parseIpv6(hostText);
    if (!groups) return bad(`"${hostText}" is not an IPv6 address`);
    const port = parsePort(portText);
    if (port === undefined) return bad(`the port "${portText}" is not 1–65535 or *`);
    const c = canonicalAddress({ tag: 'ipv6', val: groups });
    return { text, host: c.host, kind: c.kind, port };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return bad('it has no port');
  hostText = text.slice(0, colon);
  portText = text.slice(colon + 1);
  if (hostText.includes(':')) return bad('an IPv6 address needs brackets');
  if (hostText === '*' || hostText.includes('*')) return bad('hosts have no wildcard: name each host');
  const port = parsePort(portText);
  if (port === undefined) return bad(`the port "${portText}" is not 1–65535 or *`);
  const v4 = parseIpv4(hostText);
  if (v4) return { text, host: v4.join('.'), kind: 'ipv4', port };
  if (/^[\d.]+$/.test(hostText)) return bad(`"${hostText}" is not an IPv4 address`);
  if (!NAME.test(hostText)) return bad(`"${hostText}" is not a host name`);
  return { text, host: hostText.toLowerCase().replace(/\.$/, ''), kind: 'name', port };
}

/** Parses one origin; a string is the reason it is not one. */
export function parseOrigin(text: string): Origin | string {
  const bad = (why: string) => `"${text}" is not an origin: ${why} (write http://HOST[:PORT] or https://HOST[:PORT])`;
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)\/?$/i.exec(text);
  if (!m) return bad('it is SCHEME://HOST[:PORT] with no path, query or fragment');
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return bad(`the scheme "${scheme}" is not http or https`);
  const authority = parseAuthority(m[2]!, scheme);
  if (typeof authority === 'string') return bad(authority);
  return { scheme, ...authority };
}

/** HOST[:PORT] of a request or an origin -> canonical host and port; a string says why not. */
export function parseAuthority(text: string, scheme: 'http' | 'https'): { host: string; port: number } | string {
  if (text.includes('@')) return 'it has user information';
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return 'an unclosed [';
    const groups = parseIpv6(text.slice(1, close));
    if (!groups) return `"${text.slice(1, close)}" is not an IPv6 address`;
    host = `[${canonicalAddress({ tag: 'ipv6', val: groups }).host}]`;
    const rest = text.slice(close + 1);
    if (rest && !rest.startsWith(':')) return `unexpected "${rest}"`;
    portText = rest ? rest.slice(1) : undefined;
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    const v4 = parseIpv4(host);
    if (v4) host = v4.join('.');
    else if (/^[\d.]+$/.test(host)) return `"${host}" is not an IPv4 address`;
    else if (!NAME.test(host)) return `"${host}" is not a host name`;
    else host = host.toLowerCase().replace(/\.$/, '');
  }
  if (portText === undefined || portText === '') return { host, port: scheme === 'http' ? 80 : 443 };
  const port = parsePort(portText);
  if (port === undefined || port === null) return `the port "${portText}" is not 1–65535`;
  return { host, port };
}

export const originText = (o: Origin) => `${o.scheme}://${o.host}:${o.port}`;

export function socketAddressText(a: IpSocketAddress): string {
  const c = canonicalAddress({ tag: a.tag, val: a.val.address } as IpAddress);
  return c.kind === 'ipv6' ? `[${c.host}]:${a.val.port}` : `${c.host}:${a.val.port}`;
}

const LOCALHOST = ['127.0.0.1', '0:0:0:0:0:0:0:1'];

/**
 * The socket allow-list of one run. Names are matched by the addresses they stand for:
 * `localhost` by its fixed ones, others by what a lookup through this run returned.
 */
export class SocketAllowList {
  readonly entries: SocketEntry[];
  /** Address (canonical) -> names whose lookup returned it in this run. */
  private readonly learned = new Map<string, Set<string>>();

  constructor(texts: string[]) {
    this.entries = texts.map((t) => {
      const e = parseSocketEntry(t);
      if (typeof e === 'string') throw new Error(e);
      return e;
    });
  }

  /** A name may be looked up when an entry names it (an IP literal "looked up" is its own entry). */
  mayLookUp(name: string): boolean {
    const n = name.toLowerCase().replace(/\.$/, '');
    const literal = parseIpv4(n) ? n : n.startsWith('[') ? null : parseIpv6(n) ? v6Text(parseIpv6(n)!) : null;
    return this.entries.some((e) => e.host === (literal ?? n));
  }

  /** Records what a lookup of an allowed name returned, so the guest may connect to it. */
  learn(name: string, address: IpAddress): void {
    const { host } = canonicalAddress(address);
    const set = this.learned.get(host) ?? new Set<string>();
    set.add(name.toLowerCase().replace(/\.$/, ''));
    this.learned.set(host, set);
  }

  /** May the guest connect or send to this address and port? */
  allows(address: IpSocketAddress): boolean {
    const { host } = canonicalAddress({ tag: address.tag, val: address.val.address } as IpAddress);
    const port = address.val.port;
    const names = this.learned.get(host);
    return this.entries.some((e) => {
      if (e.port !== null && e.port !== port) return false;
      if (e.kind !== 'name') return e.host === host;
      if (e.host === 'localhost' && LOCALHOST.includes(host)) return true;
      return names?.has(e.host) ?? false;
    });
  }
}

export class OriginAllowList {
  readonly origins: Origin[];
  constructor(texts: string[]) {
    this.origins = texts.map((t) => {
      const o = parseOrigin(t);
      if (typeof o === 'string') throw new Error(o);
      return o;
    });
  }

  allows(o: Origin): boolean {
    return this.origins.some((x) => x.scheme === o.scheme && x.host === o.host && x.port === o.port);
  }
}
