import { duplicateGuestPath, duplicateGuestPathMessage } from '../guest-paths';
import type { Policy } from '../policy';
import type { Capability, FixIt } from './types';
import { FlagError } from './types';

/** wasmtime's --dir HOST[::GUEST], plus an optional ::ro. Guest paths are kept as given (rooted at /). */
function parseDir(spec: string, exists: (path: string) => boolean): Policy['mounts'][number] {
  const parts = spec.split('::');
  const ro = parts.length === 3 && parts[2] === 'ro';
  if (parts.length > 3 || (parts.length === 3 && !ro) || !parts[0]) throw new FlagError(`--dir takes HOST[::GUEST[::ro]], not "${spec}"`);
  if (!exists(parts[0])) throw new FlagError(`--dir: no such folder: ${parts[0]}`);
  const guest = parts[1] ?? parts[0];
  return { host: parts[0], guest: guest.startsWith('/') ? guest : '/' + guest, mode: ro ? 'ro' : 'rw' };
}

const writable = (): FixIt => ({ label: 'Make the mounts read-write', apply: (p) => ({ ...p, mounts: p.mounts.map((m) => ({ ...m, mode: 'rw' as const })) }) });

export const files: Capability = {
  id: 'files',
  label: 'Files',
  interfaces: ['wasi:filesystem/'],
  support: { node: 'yes: real host folders', browser: 'a snapshot in memory: writes stay in the run' },
  policyField: 'mounts',
  enforcedBy: 'src-shared/capabilities/mounts.ts',
  granted: (p) => (p.mounts.length ? p.mounts.map((m) => `${m.host} → ${m.guest} (${m.mode === 'ro' ? 'read-only' : 'read-write'})`).join(', ') : null),
  flags: [
    {
      name: 'dir',
      value: 'HOST[::GUEST]',
      multiple: true,
      help: ['mount a host folder read-write (as wasmtime does; GUEST defaults to HOST);', 'append ::ro (HOST::GUEST::ro) for read-only; repeatable'],
    },
  ],
  fromFlags(values, host) {
    if (!values.dir?.length) return {};
    const mounts = values.dir.map((d) => parseDir(d, host.exists));
    const dup = duplicateGuestPath(mounts);
    if (dup) throw new FlagError(`--dir: ${duplicateGuestPathMessage(dup)}`);
    return { mounts };
  },
  render: (p) => ({
    studio: p.mounts.flatMap((m) => ['--dir', `${m.host}::${m.guest}${m.mode === 'ro' ? '::ro' : ''}`]),
    wasmtime: p.mounts.flatMap((m) => ['--dir', `${m.host}::${m.guest}`]),
    wasmtimeCaveats: p.mounts.filter((m) => m.mode === 'ro').map((m) => `wasmtime mounts ${m.guest} read-write: it has no read-only flag here`),
  }),
  // A read-only refusal asks for writes; any other needs a folder, so the project's data/ when it has one.
  fixIts({ entry, projectFiles }) {
    if (entry?.result.includes('read-only')) return [writable()];
    return projectFiles.some((f) => f.startsWith('data/'))
      ? [{ label: 'Mount data/ at /data (read-only)', apply: (p) => ({ ...p, mounts: [...p.mounts, { host: 'data', guest: '/data', mode: 'ro' }] }) }]
      : [];
  },
  // A mount inside the folder (by real location: a symlink pointing out counts as outside) asks for nothing more.
  trust: (p, host) =>
    p.mounts.flatMap((m) => {
      const { real, inside } = host.locate(m.host);
      if (inside) return [];
      const how = m.mode === 'rw' ? 'read, change, create and delete files in' : 'read every file in';
      return [{ id: `mount:${m.mode}:${real}`, kind: 'mount' as const, text: `${how} ${real} (studio.json mounts "${m.host}" at ${m.guest})` }];
    }),
};
