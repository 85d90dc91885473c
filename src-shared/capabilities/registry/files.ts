import { duplicateGuestPath, duplicateGuestPathMessage } from '../guest-paths';
import { formatMountSpec, MOUNT_SYNTAX, parseMountSpec } from '../mount-spec';
import type { Policy } from '../policy';
import type { Capability, FixIt } from './types';
import { FlagError } from './types';

/** wasmtime's --dir HOST[::GUEST], plus an optional ::ro; the guest path is kept as given. */
function parseDir(spec: string, exists: (path: string) => boolean): Policy['mounts'][number] {
  const mount = parseMountSpec(spec);
  if (typeof mount === 'string') throw new FlagError(`--dir: ${mount}`);
  if (!exists(mount.host)) throw new FlagError(`--dir: no such folder: ${mount.host}`);
  return mount;
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
      value: MOUNT_SYNTAX,
      multiple: true,
      help: [
        'mount a host folder read-write, as wasmtime does: the guest sees it at',
        'GUEST exactly as written (default: HOST as written, so --dir data is "data");',
        '::ro makes it read-only; repeatable',
      ],
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
    studio: p.mounts.flatMap((m) => ['--dir', formatMountSpec(m)]),
    wasmtime: p.mounts.flatMap((m) => ['--dir', formatMountSpec({ ...m, mode: 'rw' })]),
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
