import { parseOrigin, parseSocketEntry } from '../net-allow';
import type { Capability, FixIt } from './types';
import { FlagError } from './types';

const addOnce = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]);
const unversioned = (iface: string) => iface.replace(/@.*$/, '');

/** Each entry must parse; the first that does not is a usage error naming the flag and the entry. */
function checked(flag: string, list: string[], parse: (t: string) => unknown): string[] {
  for (const t of list) {
    const r = parse(t);
    if (typeof r === 'string') throw new FlagError(`--${flag}: ${r}`);
  }
  return list;
}

export const sockets: Capability = {
  id: 'sockets',
  label: 'Sockets',
  interfaces: ['wasi:sockets/'],
  support: { node: 'yes: TCP connect and UDP to listed addresses; nothing may listen', browser: 'no: the browser shim has no sockets (a granted socket gets not-supported)' },
  policyField: 'sockets',
  enforcedBy: 'src-shared/capabilities/network.ts',
  granted: (p) => (p.sockets.mode === 'denied' ? null : `allow ${p.sockets.hosts.join(', ')}`),
  flags: [
    {
      name: 'allow-net',
      value: 'HOST:PORT',
      multiple: true,
      help: [
        'let the guest open TCP/UDP sockets to this address only; repeatable.',
        'HOST is an IPv4 address, [IPv6] or a name (localhost is 127.0.0.1 and ::1;',
        "other names allow what the guest's own lookup of them returns); PORT a",
        'number or *. Names listed here may be looked up. Nothing may listen.',
        '(Node engine: the browser engine has no sockets.)',
      ],
    },
  ],
  fromFlags: (values) => (values['allow-net']?.length ? { sockets: { mode: 'allow', hosts: checked('allow-net', values['allow-net'], parseSocketEntry) } } : {}),
  render(p) {
    if (p.sockets.mode !== 'allow') return {};
    const hosts = p.sockets.hosts;
    const names = hosts.some((h) => {
      const e = parseSocketEntry(h);
      return typeof e !== 'string' && e.kind === 'name';
    });
    return {
      studio: hosts.flatMap((h) => ['--allow-net', h]),
      wasmtime: ['-S', 'inherit-network', ...(names ? ['-S', 'allow-ip-name-lookup'] : [])],
      wasmtimeCaveats: [
        `wasmtime has no per-address allow-list: -S inherit-network lets the guest reach any address, not only ${hosts.join(', ') || 'the listed ones'}` +
          (names ? `, and -S allow-ip-name-lookup lets it look up any name` : ''),
      ],
    };
  },
  // The trace's reason names the address or name the guest asked for: allow exactly that. A socket
  // refused before any address was known offers nothing (add an entry in the policy editor).
  fixIts({ entry }): FixIt[] {
    if (!entry) return [];
    const addr = /\((?:connect|send|stream) to (\S+): not in the allow-list\)/.exec(entry.result)?.[1];
    const name = /\(look up "([^"]+)": no entry names it\)/.exec(entry.result)?.[1];
    const hostPort = addr ?? (name ? `${name}:*` : null);
    if (!hostPort) return [];
    const label = addr ? `Allow ${addr}` : `Allow ${name} (any port)`;
    return [{ label, apply: (p) => ({ ...p, sockets: { mode: 'allow', hosts: addOnce(p.sockets.mode === 'allow' ? p.sockets.hosts : [], hostPort) } }) }];
  },
  trust: (p) => (p.sockets.mode === 'allow' ? p.sockets.hosts.map((h) => ({ id: `sockets:${h}`, kind: 'sockets' as const, text: `open network connections to ${h}` })) : []),
};

export const http: Capability = {
  id: 'http',
  label: 'Outgoing HTTP',
  interfaces: ['wasi:http/'],
  support: {
    node: "yes: requests to listed origins; redirects are the guest's to follow",
    browser: 'no: waiting for fetch needs JSPI, which this engine does not use (a listed origin gets internal-error)',
  },
  policyField: 'http',
  enforcedBy: 'src-shared/capabilities/network.ts',
  granted: (p) => (p.http.mode === 'denied' ? null : `allow ${p.http.origins.join(', ')}`),
  flags: [
    {
      name: 'allow-http',
      value: 'ORIGIN',
      multiple: true,
      help: ['let the guest send HTTP requests to this origin only, e.g.', 'http://127.0.0.1:8080 or https://example.com; repeatable'],
    },
  ],
  fromFlags: (values) => (values['allow-http']?.length ? { http: { mode: 'allow', origins: checked('allow-http', values['allow-http'], parseOrigin) } } : {}),
  render: (p) =>
    p.http.mode !== 'allow'
      ? {}
      : {
          studio: p.http.origins.flatMap((o) => ['--allow-http', o]),
          wasmtime: ['-S', 'http'],
          wasmtimeCaveats: [`wasmtime has no origin allow-list: -S http lets the guest send requests anywhere, not only to ${p.http.origins.join(', ') || 'the listed origins'}`],
        },
  fixIts({ entry }): FixIt[] {
    if (!entry || !unversioned(entry.interface).startsWith('wasi:http/')) return [];
    const origin = /\((https?:\/\/[^\s:]+(?::\d+)?|https?:\/\/\[[^\]]+\]:\d+)[: ]/.exec(entry.result)?.[1];
    if (!origin) return [];
    return [{ label: `Allow origin ${origin}`, apply: (p) => ({ ...p, http: { mode: 'allow', origins: addOnce(p.http.mode === 'allow' ? p.http.origins : [], origin) } }) }];
  },
  trust: (p) => (p.http.mode === 'allow' ? p.http.origins.map((o) => ({ id: `http:${o}`, kind: 'http' as const, text: `send HTTP requests to ${o}` })) : []),
};
