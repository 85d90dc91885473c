import { closeSync, constants, openSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where names below an open directory are looked up. On Linux `/proc/self/fd/N/name` is resolved
 * by the kernel from the directory fd N really holds, wherever it has been moved since: this
 * process's fds (the run's thread shares them), so it works as openat(2) does. Elsewhere there is
 * no such path, and a directory is looked up again by the host path it was opened at: a rename
 * under an open descriptor is then seen (README, security model).
 */
export const ANCHORED = process.platform === 'linux';

// O_PATH: an fd that only names a directory (no read permission needed, nothing to read). Linux only.
const O_PATH = 0o10000000;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;

export interface DirHandle {
  readonly fd: number;
  /** The host path it was opened at: only used where the platform cannot anchor. */
  readonly hostPath: string;
}

/** The host path naming `name` inside the directory the handle holds. */
export function pathIn(dir: DirHandle, name: string): string {
  if (ANCHORED) return `/proc/self/fd/${dir.fd}/${name}`;
  return name === '.' ? dir.hostPath : join(dir.hostPath, name);
}

/** The directory itself, as a path the kernel resolves to what the fd holds. */
export function pathOf(dir: DirHandle): string {
  return ANCHORED ? `/proc/self/fd/${dir.fd}` : dir.hostPath;
}

/** Opens a child directory without following a symlink in its place. */
export function openChildDir(dir: DirHandle, name: string): DirHandle {
  const flags = (ANCHORED ? O_PATH : constants.O_RDONLY) | O_DIRECTORY | O_NOFOLLOW;
  return { fd: openSync(pathIn(dir, name), flags), hostPath: ANCHORED ? '' : join(dir.hostPath, name) };
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
}

/** Where the directory really is now (Linux: the kernel's name for the fd), or null if unknown. */
export function realLocation(dir: DirHandle): string | null {
  if (!ANCHORED) return dir.hostPath;
  try {
    const where = readlinkSync(pathOf(dir));
    // A removed directory reads "/x (deleted)"; a path the kernel cannot name is not absolute.
    return where.startsWith('/') && !where.endsWith(' (deleted)') ? where : null;
  } catch {
    return null;
  }
}
