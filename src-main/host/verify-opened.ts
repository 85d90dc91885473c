import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * The Node shim resolves a path and then opens it by name, so a folder swapped for a symlink in
 * between can be opened outside its mount. After every open we check the real path of what was
 * asked for is inside the mount AND is the very file that was opened (same inode as the opened
 * descriptor, whose metadataHash is an fstat of its fd). A swap in either direction fails one of them.
 */
export function verifyOpened(hostPath: string, mountHost: string, opened: object): boolean {
  try {
    const real = realpathSync(hostPath);
    const root = realpathSync(mountHost);
    const rel = relative(root, real);
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return false;
    const hash = (opened as { metadataHash(): { lower: bigint } }).metadataHash();
    return statSync(real, { bigint: true }).ino === hash.lower;
  } catch {
    return false;
  }
}
