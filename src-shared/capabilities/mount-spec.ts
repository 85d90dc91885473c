import { mountPathProblem } from './guest-paths';
import type { MountGrant } from './mounts';

/** The one way a mount is written as text: the CLI's --dir, the policy editor, the Commands tab. */
export const MOUNT_SYNTAX = 'HOST[::GUEST[::ro]]';

/**
 * `HOST[::GUEST[::ro]]`, read-write unless `::ro`. GUEST is kept exactly as given and defaults to
 * HOST, as wasmtime's --dir does (`data` preopens `data`, not `/data`). A string is why the text is
 * not a mount.
 */
export function parseMountSpec(spec: string): MountGrant | string {
  const parts = spec.split('::');
  const [host = '', guest = host, mode] = parts;
  if (parts.length > 3 || (mode !== undefined && mode !== 'ro') || !host) {
    const rw = mode === 'rw' ? ' (read-write is the default: leave out ::rw)' : '';
    return `a mount is ${MOUNT_SYNTAX}, not "${spec}"${rw}`;
  }
  if (!guest) return `the guest path after "::" is empty in "${spec}"`;
  const problem = mountPathProblem('host', host) ?? mountPathProblem('guest', guest);
  if (problem) return problem;
  return { host, guest, mode: mode === 'ro' ? 'ro' : 'rw' };
}

/** The text parseMountSpec reads back as this mount: the short wasmtime form when the names agree. */
export function formatMountSpec(m: MountGrant): string {
  const ro = m.mode === 'ro' ? '::ro' : '';
  return m.host === m.guest && !ro ? m.host : `${m.host}::${m.guest}${ro}`;
}
