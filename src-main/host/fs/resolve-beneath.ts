import { lstatSync, readlinkSync } from 'node:fs';
import { wallRefusal } from '../../../src-shared/capabilities/imports';
import { closeQuietly, openChildDir, pathIn, type DirHandle } from './dir-handle';
import { toErrorCode } from './errno';

/** As Linux and wasmtime bound a path walk. */
const MAX_SYMLINKS = 40;

/**
 * A path resolved below a directory: the directory that holds its last name (open, so the final
 * operation acts on what was walked, not on a path looked up again) and that name. `name` is '.'
 * when the path names the directory itself. `mustBeDir`: the path ended in '/' (never handed to
 * the kernel, which would follow a link there whatever O_NOFOLLOW says).
 */
export class Resolved {
  constructor(
    readonly dir: DirHandle,
    readonly name: string,
    private readonly opened: DirHandle[],
    readonly mustBeDir = false,
  ) {}
  get path(): string {
    return pathIn(this.dir, this.name);
  }
  release(): void {
    for (const d of this.opened) closeQuietly(d.fd);
  }
}

/** Refuses what no walk may start with: a NUL (a host TypeError otherwise) or an absolute path. */
export function checkGuestPath(path: string): void {
  if (typeof path !== 'string' || path.includes('\0')) throw 'invalid';
  if (path.startsWith('/')) throw wallRefusal('not-permitted', 'an absolute path');
}

/**
 * Walks `path` below `base` one name at a time, as cap-std and openat2(RESOLVE_BENEATH) do: each
 * directory is opened with O_NOFOLLOW from the one before it, symlinks are followed here (bounded,
 * absolute targets refused), and `..` never climbs above `base`. The last name is followed only
 * when `followFinal` is set or the path ends in '/'.
 */
export function resolveBeneath(base: DirHandle, path: string, followFinal: boolean): Resolved {
  checkGuestPath(path);
  if (path === '') throw 'no-entry';
  const stack: DirHandle[] = [base];
  const opened = () => stack.slice(1);
  let pending = path.split('/');
  let links = 0;
  const expand = (dir: DirHandle, name: string) => {
    if (++links > MAX_SYMLINKS) throw 'loop';
    const target = readlinkSync(pathIn(dir, name));
    if (target.startsWith('/')) throw wallRefusal('not-permitted', 'a symlink on the path leaves the mount');
    return target.split('/');
  };
  try {
    while (pending.length) {
      const name = pending.shift()!;
      const top = stack[stack.length - 1]!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (stack.length === 1) {
          throw wallRefusal('not-permitted', links ? 'a symlink on the path leaves the mount' : 'the path climbs out of the mount');
        }
        closeQuietly(stack.pop()!.fd);
        continue;
      }
      const last = pending.every((p) => p === '' || p === '.');
      // "name/" or "name/." asks for a directory: follow a final symlink and let the kernel see the '/'.
      const wantsDir = last && pending.length > 0;
      if (last) {
        if (!followFinal && !wantsDir) return new Resolved(top, name, opened());
        if (!isSymlink(top, name)) return new Resolved(top, name, opened(), wantsDir);
        pending = [...expand(top, name), ...pending];
        continue;
      }
      try {
        stack.push(openChildDir(top, name));
      } catch (err) {
        const code = (err as { code?: string }).code;
        if ((code !== 'ELOOP' && code !== 'ENOTDIR') || !isSymlink(top, name)) throw err;
        pending = [...expand(top, name), ...pending];
      }
    }
    return new Resolved(stack[stack.length - 1]!, '.', opened());
  } catch (err) {
    for (const d of opened()) closeQuietly(d.fd);
    throw toErrorCode(err);
  }
}

function isSymlink(dir: DirHandle, name: string): boolean {
  try {
    return lstatSync(pathIn(dir, name)).isSymbolicLink();
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return false;
    throw err;
  }
}
