import type { CapabilityId } from '../../../src-shared/capabilities/catalog';
import type { Policy } from '../../../src-shared/capabilities/policy';

export interface FixIt {
  label: string;
  apply: (p: Policy) => Policy;
}

/** The frozen instant and seed of deterministic mode: fixed so both engines and every run agree. */
export const DETERMINISTIC = { at: '2030-01-01T00:00:00Z', seed: 42 };

/**
 * The grants that would allow what a capability was refused. Offered beside a denial in the
 * inspector and the trace; `files` needs a folder, so it mounts the project's data/ when it has one.
 */
export function fixItsFor(id: CapabilityId, projectFiles: string[]): FixIt[] {
  switch (id) {
    case 'clocks':
      return [
        { label: 'Grant the real clock', apply: (p) => ({ ...p, clocks: { mode: 'real' } }) },
        { label: 'Freeze the clock', apply: (p) => ({ ...p, clocks: { mode: 'frozen', at: DETERMINISTIC.at } }) },
      ];
    case 'random':
      return [
        { label: 'Grant real randomness', apply: (p) => ({ ...p, random: { mode: 'real' } }) },
        { label: 'Seed random', apply: (p) => ({ ...p, random: { mode: 'seeded', seed: DETERMINISTIC.seed } }) },
      ];
    case 'files':
      return projectFiles.some((f) => f.startsWith('data/'))
        ? [{ label: 'Mount data/ at /data (read-only)', apply: (p) => ({ ...p, mounts: [...p.mounts, { host: 'data', guest: '/data', mode: 'ro' }] }) }]
        : [];
    case 'stdin':
      return [{ label: 'Give stdin a line of text', apply: (p) => ({ ...p, stdin: 'hello from the studio\n' }) }];
    default:
      return [];
  }
}

/** Fix-its for a read-only refusal: make that mount writable. */
export function writableFixIt(): FixIt {
  return { label: 'Make the mounts read-write', apply: (p) => ({ ...p, mounts: p.mounts.map((m) => ({ ...m, mode: 'rw' as const })) }) };
}

/**
 * Fix-its for a refused network call, read from the reason the trace gives (the address or origin
 * the guest asked for): allow exactly that, and run again. Nothing when the reason names none
 * (a socket refused before any address was known: add an entry in the policy editor).
 */
export function networkFixIts(entry: { interface: string; result: string }): FixIt[] {
  const iface = entry.interface.replace(/@.*$/, '');
  if (iface.startsWith('wasi:http/')) {
    const m = /\((https?:\/\/[^\s:]+(?::\d+)?|https?:\/\/\[[^\]]+\]:\d+)[: ]/.exec(entry.result);
    if (!m) return [];
    const origin = m[1]!;
    return [{ label: `Allow origin ${origin}`, apply: (p) => ({ ...p, http: { mode: 'allow', origins: addOnce(p.http.mode === 'allow' ? p.http.origins : [], origin) } }) }];
  }
  if (iface.startsWith('wasi:sockets/')) {
    const addr = /\((?:connect|send|stream) to (\S+): not in the allow-list\)/.exec(entry.result)?.[1];
    const name = /\(look up "([^"]+)": no entry names it\)/.exec(entry.result)?.[1];
    const hostPort = addr ?? (name ? `${name}:*` : null);
    if (!hostPort) return [];
    const label = addr ? `Allow ${addr}` : `Allow ${name} (any port)`;
    return [{ label, apply: (p) => ({ ...p, sockets: { mode: 'allow', hosts: addOnce(p.sockets.mode === 'allow' ? p.sockets.hosts : [], hostPort) } }) }];
  }
  return [];
}

const addOnce = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]);
