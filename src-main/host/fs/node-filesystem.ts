import { constants, openSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { MountGrant } from '../../../src-shared/capabilities/mounts';
import type { ImportObject } from '../../../src-shared/capabilities/imports';
import { realLocation } from './dir-handle';
import { Descriptor, DirectoryEntryStream } from './descriptor';
import { OpenSet } from './open-set';
import { filesystemErrorCode } from './streams';

/**
 * The Node engine's wasi:filesystem for one run, in place of preview2-shim's (which keeps a
 * descriptor as a path string and looks it up again on every call). Each mount's folder is opened
 * once; every descriptor holds an fd; `close()` releases whatever the guest left open.
 */
export function nodeFilesystem(mounts: MountGrant[]) {
  const open = new OpenSet();
  const preopens: [Descriptor, string][] = [];
  try {
    for (const m of mounts) {
      // The mount's own path is the user's grant: following a symlink in it is what they asked for.
      const fd = openSync(m.host, constants.O_RDONLY | constants.O_DIRECTORY);
      const flags = m.mode === 'rw' ? { read: true, mutateDirectory: true } : { read: true };
      preopens.push([Descriptor.adopt(fd, m.host, true, flags, open, true), m.guest]);
    }
  } catch (err) {
    open.closeAll();
    throw new Error(`cannot open the mounted folder: ${(err as Error).message}`);
  }
  const imports: ImportObject = {
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode },
    // In mount order, one per mount even where two share a guest path: the guard pairs them by index.
    'wasi:filesystem/preopens': { getDirectories: () => [...preopens] },
  };
  return { imports, close: () => open.closeAll(), openCount: () => open.size };
}

/**
 * Where a directory descriptor really is, relative to its mount's root descriptor ('' for the root,
 * '/'-separated), or null when it is not below it. On Linux both come from the kernel's names of
 * the fds, so a folder reached through `loop -> .` is where it is, not where its path says.
 */
export function realFolder(root: object, dir: object): string | null {
  if (!(root instanceof Descriptor) || !(dir instanceof Descriptor)) return null;
  const rootDir = Descriptor.dirOf(root);
  const dirDir = Descriptor.dirOf(dir);
  if (!rootDir || !dirDir) return null;
  const from = realLocation(rootDir);
  const to = realLocation(dirDir);
  if (from === null || to === null) return null;
  const rel = relative(from, to);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith('..' + sep) || rel.startsWith(sep)) return null;
  return rel.split(sep).join('/');
}
