import type { EngineName } from '../protocol/types';
import type { Policy } from './policy';

export type CapabilityId = 'args' | 'env' | 'files' | 'stdin' | 'clocks' | 'random' | 'sockets' | 'http' | 'output';

export interface CapabilityInfo {
  id: CapabilityId;
  label: string;
  /** Interface prefixes (unversioned) that ask for this capability. */
  interfaces: string[];
  /** What each engine can do with it, when granted. */
  support: Record<EngineName, 'yes' | 'no' | string>;
}

/** The capabilities of WASI 0.2 as the policy grants them, and the interfaces through which a component asks. */
export const CAPABILITIES: CapabilityInfo[] = [
  { id: 'args', label: 'Arguments', interfaces: ['wasi:cli/environment'], support: { node: 'yes', browser: 'yes' } },
  { id: 'env', label: 'Environment', interfaces: ['wasi:cli/environment'], support: { node: 'yes', browser: 'yes' } },
  {
    id: 'files',
    label: 'Files',
    interfaces: ['wasi:filesystem/'],
    support: { node: 'yes: real host folders', browser: 'a snapshot in memory: writes stay in the run' },
  },
  { id: 'stdin', label: 'Standard input', interfaces: ['wasi:cli/stdin', 'wasi:cli/terminal-stdin'], support: { node: 'yes', browser: 'yes' } },
  { id: 'clocks', label: 'Clocks', interfaces: ['wasi:clocks/'], support: { node: 'yes', browser: 'yes' } },
  { id: 'random', label: 'Random', interfaces: ['wasi:random/'], support: { node: 'yes', browser: 'yes' } },
  {
    id: 'sockets',
    label: 'Sockets',
    interfaces: ['wasi:sockets/'],
    support: { node: 'yes: TCP connect and UDP to listed addresses; nothing may listen', browser: 'no: the browser shim has no sockets (a granted socket gets not-supported)' },
  },
  {
    id: 'http',
    label: 'Outgoing HTTP',
    interfaces: ['wasi:http/'],
    support: { node: 'yes: requests to listed origins; redirects are the guest\'s to follow', browser: 'no: waiting for fetch needs JSPI, which this engine does not use (a listed origin gets internal-error)' },
  },
  {
    id: 'output',
    label: 'Output and exit',
    interfaces: ['wasi:cli/stdout', 'wasi:cli/stderr', 'wasi:cli/exit', 'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdout', 'wasi:cli/terminal-stderr'],
    support: { node: 'yes', browser: 'yes' },
  },
];

const unversioned = (name: string) => name.replace(/@[^/]*$/, '');
/** A prefix ending in "/" or "-" names a whole package or family; anything else one interface. */
const asks = (iface: string, prefix: string) => {
  const name = unversioned(iface);
  return prefix.endsWith('/') || prefix.endsWith('-') ? name.startsWith(prefix) : name === prefix;
};

/** The capability a traced call belongs to (environment calls count as arguments). */
export function capabilityOf(iface: string): CapabilityInfo | null {
  return CAPABILITIES.find((c) => c.interfaces.some((p) => asks(iface, p))) ?? null;
}

export interface CapabilityRow {
  capability: CapabilityInfo;
  /** The component imports interfaces of this capability. */
  asked: string[];
  /** What the policy grants, in words; null when nothing is granted. */
  granted: string | null;
}

/** What the policy grants for one capability, in words; null for nothing. */
export function grantOf(policy: Policy, id: CapabilityId): string | null {
  switch (id) {
    case 'args':
      return policy.args.length ? policy.args.join(' ') : null;
    case 'env':
      return policy.env.length ? policy.env.map((e) => (e.value === undefined ? `${e.name} (from host)` : `${e.name}=${e.value}`)).join(', ') : null;
    case 'files':
      return policy.mounts.length ? policy.mounts.map((m) => `${m.host} → ${m.guest} (${m.mode === 'ro' ? 'read-only' : 'read-write'})`).join(', ') : null;
    case 'stdin':
      return policy.stdin === null ? null : `${policy.stdin.length} characters`;
    case 'clocks':
      return policy.clocks.mode === 'denied' ? null : policy.clocks.mode === 'real' ? 'real time' : `frozen at ${policy.clocks.at}`;
    case 'random':
      return policy.random.mode === 'denied' ? null : policy.random.mode === 'real' ? 'real randomness' : `seeded with ${policy.random.seed}`;
    case 'sockets':
      return policy.sockets.mode === 'denied' ? null : `allow ${policy.sockets.hosts.join(', ')}`;
    case 'http':
      return policy.http.mode === 'denied' ? null : `allow ${policy.http.origins.join(', ')}`;
    case 'output':
      return 'always (captured by the studio)';
  }
}

/** The inspector's rows: every capability, what the component asks for of it, and what it was granted. */
export function capabilityRows(imports: string[], policy: Policy): CapabilityRow[] {
  return CAPABILITIES.map((capability) => ({
    capability,
    asked: imports.filter((i) => capability.interfaces.some((p) => asks(i, p))),
    granted: grantOf(policy, capability.id),
  }));
}
