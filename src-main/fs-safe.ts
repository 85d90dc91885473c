import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StudioError } from '../src-shared/protocol/envelope';

/**
 * Resolves a client-given relative path inside `root`, refusing anything that leaves it:
 * "..", absolute paths, and symlinks (checked on the real path of the nearest existing ancestor).
 */
export function confine(root: string, rel: string): string {
  if (isAbsolute(rel) || rel.includes('\0')) throw new StudioError('outside-project', `not a project path: ${rel}`);
  const full = resolve(root, rel);
  const realRoot = realpathSync(root);
  const inside = (p: string, r: string) => {
    const d = relative(r, p);
    return d === '' || (!d.startsWith('..' + sep) && d !== '..' && !isAbsolute(d));
  };
  if (!inside(full, resolve(root))) throw new StudioError('outside-project', `path leaves the project: ${rel}`);
  let probe = full;
  while (!existsSync(probe)) probe = dirname(probe);
  if (!inside(realpathSync(probe), realRoot)) throw new StudioError('outside-project', `path leads outside the project through a link: ${rel}`);
  return full;
}

/** Writes a file so that a crash leaves either the old or the new content, never a torn one. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
