import { denied, refusal, type ImportObject } from './imports';
import { OriginAllowList, SocketAllowList, originText, parseAuthority, socketAddressText, type IpAddress, type IpSocketAddress } from './net-allow';
import type { Grants } from './policy';

type Obj = Record<PropertyKey, unknown>;
type Method = (...a: unknown[]) => unknown;
const ACCESS_DENIED = 'access-denied';
const HTTP_DENIED = { tag: 'HTTP-request-denied' };

function refuseAll(names: string[], error: () => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    out[name] = denied(() => {
      // A non-Error value reaches the guest as the interface's error case.
      throw error();
    });
  }
  return out;
}

/**
 * A resource whose listed methods are checked before the shim sees them. Methods run on the
 * real instance (the shim's #private fields need it); anything handed back in is unwrapped.
 */
function guarded(target: object, checks: Record<string, (t: Obj, args: unknown[], call: () => unknown) => unknown>, unwrap: (v: unknown) => unknown): object {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      const check = typeof prop === 'string' ? checks[prop] : undefined;
      return (...args: unknown[]) => {
        const plain = args.map(unwrap);
        const call = () => Reflect.apply(value as Method, t, plain);
        return check ? check(t as Obj, plain, call) : call();
      };
    },
  });
}

/**
 * The sockets of one run, with an allow-list: sockets may be created, but a TCP connect, a UDP
 * stream or datagram to an address not on the list is refused with `access-denied`, and only
 * listed names may be looked up. TCP bind, listen and accept are refused: no entry grants a
 * listening socket. A UDP socket may bind only an ephemeral port (port 0), which every UDP client
 * does before sending; datagrams from unlisted addresses are dropped before the guest sees them.
 */
function allowSockets(base: ImportObject, hosts: string[]): ImportObject {
  const list = new SocketAllowList(hosts);
  const targets = new WeakMap<object, object>();
  const unwrap = (v: unknown): unknown => (typeof v === 'object' && v !== null ? (targets.get(v) ?? v) : v);
  const wrap = (t: object, checks: Parameters<typeof guarded>[1]) => {
    const p = guarded(t, checks, unwrap);
    targets.set(p, t);
    return p;
  };
  const refuse = (what: string) => {
    throw refusal(ACCESS_DENIED, what);
  };
  const checkRemote = (a: IpSocketAddress | undefined, verb: string) => {
    if (a && !list.allows(a)) refuse(`${verb} ${socketAddressText(a)}: not in the allow-list`);
  };

  const tcpChecks: Parameters<typeof guarded>[1] = {
    startConnect: (_t, [, remote], call) => (checkRemote(remote as IpSocketAddress, 'connect to'), call()),
    startBind: () => refuse('bind: no entry allows listening'),
    startListen: () => refuse('listen: no entry allows listening'),
    accept: () => refuse('accept: no entry allows listening'),
  };

  const outgoingChecks = (connected: boolean): Parameters<typeof guarded>[1] => ({
    send: (_t, [datagrams], call) => {
      for (const d of datagrams as { remoteAddress?: IpSocketAddress }[]) {
        if (d.remoteAddress || !connected) checkRemote(d.remoteAddress, 'send to');
      }
      return call();
    },
  });
  const incomingChecks: Parameters<typeof guarded>[1] = {
    receive: (_t, _a, call) => (call() as { remoteAddress: IpSocketAddress }[]).filter((d) => list.allows(d.remoteAddress)),
  };
  const udpChecks: Parameters<typeof guarded>[1] = {
    startBind: (_t, [, local], call) => {
      const l = local as IpSocketAddress;
      if (l.val.port !== 0) refuse(`bind ${socketAddressText(l)}: only an ephemeral port (0) may be bound`);
      return call();
    },
    stream: (_t, [remote], call) => {
      checkRemote(remote as IpSocketAddress | undefined, 'stream to');
      const [incoming, outgoing] = call() as [object, object];
      return [wrap(incoming, incomingChecks), wrap(outgoing, outgoingChecks(remote !== undefined))];
    },
  };

  const tcpCreate = base['wasi:sockets/tcp-create-socket'] as { createTcpSocket(f: string): object } | undefined;
  const udpCreate = base['wasi:sockets/udp-create-socket'] as { createUdpSocket(f: string): object } | undefined;
  const lookup = base['wasi:sockets/ip-name-lookup'] as { resolveAddresses(n: object, name: string): object } | undefined;
  return {
    'wasi:sockets/tcp-create-socket': {
      createTcpSocket: (family: string) => wrap(tcpCreate!.createTcpSocket(family), tcpChecks),
    },
    'wasi:sockets/udp-create-socket': {
      createUdpSocket: (family: string) => wrap(udpCreate!.createUdpSocket(family), udpChecks),
    },
    'wasi:sockets/ip-name-lookup': {
      resolveAddresses: (network: object, name: string) => {
        if (!list.mayLookUp(name)) refuse(`look up "${name}": no entry names it`);
        return wrap(lookup!.resolveAddresses(unwrap(network) as object, name), {
          resolveNextAddress: (_t, _a, call) => {
            const a = call() as IpAddress | undefined;
            if (a) list.learn(name, a);
            return a;
          },
        });
      },
    },
  };
}

interface OutgoingRequest {
  scheme(): { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string } | undefined;
  authority(): string | undefined;
  pathWithQuery?(): string | undefined;
}

/** The origin a request goes to, as both shims read it (no scheme: https), or why it has none. */
function originOf(request: OutgoingRequest): string | { scheme: 'http' | 'https'; host: string; port: number } {
  const s = request.scheme();
  const scheme = !s ? 'https' : s.tag === 'other' ? s.val.toLowerCase() : s.tag === 'HTTP' ? 'http' : 'https';
  const authority = request.authority();
  if (scheme !== 'http' && scheme !== 'https') return `${scheme}://${authority ?? ''}: only http and https origins can be allowed`;
  if (!authority) return `${scheme}:// with no authority`;
  const a = parseAuthority(authority, scheme);
  return typeof a === 'string' ? `${scheme}://${authority}: ${a}` : { scheme, ...a };
}

function allowHttp(base: ImportObject, origins: string[]): ImportObject {
  const list = new OriginAllowList(origins);
  const handler = base['wasi:http/outgoing-handler'] as { handle(r: object, o: unknown): unknown } | undefined;
  return {
    'wasi:http/outgoing-handler': {
      handle: (request: OutgoingRequest, options: unknown) => {
        const origin = originOf(request);
        if (typeof origin === 'string') throw refusal(HTTP_DENIED, origin);
        if (!list.allows(origin)) throw refusal(HTTP_DENIED, `${originText(origin)} is not in the allow-list`);
        // The browser shim builds its URL as scheme://authority + path: a path such as "@evil.example/"
        // would turn the listed authority into user information and send the request elsewhere.
        const path = request.pathWithQuery?.();
        if (path !== undefined && !path.startsWith('/')) throw refusal(HTTP_DENIED, `the path ${JSON.stringify(path)} does not start with "/"`);
        if (!handler) throw refusal(HTTP_DENIED, 'this engine has no outgoing HTTP');
        return handler.handle(request as object, options);
      },
    },
  };
}

/**
 * The network imports of one run. Denied: nothing reaches the shim. Allowed: the shim's own
 * network is on (the engine turned it on because the grant asks for it), and every way out of
 * it — TCP connect, UDP stream and send, name lookup, HTTP handle — is checked here first.
 */
export function network(base: ImportObject, grants: Grants): ImportObject {
  const sockets =
    grants.sockets.mode === 'allow'
      ? allowSockets(base, grants.sockets.hosts)
      : {
          'wasi:sockets/tcp-create-socket': refuseAll(['createTcpSocket'], () => ACCESS_DENIED),
          'wasi:sockets/udp-create-socket': refuseAll(['createUdpSocket'], () => ACCESS_DENIED),
          'wasi:sockets/ip-name-lookup': refuseAll(['resolveAddresses'], () => ACCESS_DENIED),
        };
  const http =
    grants.http.mode === 'allow'
      ? allowHttp(base, grants.http.origins)
      : {
          'wasi:http/outgoing-handler': {
            handle: denied((request: OutgoingRequest) => {
              let shown = 'a request';
              try {
                const origin = originOf(request);
                shown = typeof origin === 'string' ? origin : originText(origin);
              } catch {
                // Not a request the shim could send either: the refusal stands without its origin.
              }
              throw refusal({ ...HTTP_DENIED }, `${shown}: outgoing HTTP is not granted`);
            }),
          },
        };
  return { ...sockets, ...http };
}
