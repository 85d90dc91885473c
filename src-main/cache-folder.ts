import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** A cache folder's entries of one kind, the most recently used first (touch() marks use). */
export function recentFirst(dir: string, ext: string): { f: string; size: number }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .flatMap((f) => {
      try {
        const s = statSync(join(dir, f));
        return [{ f, t: s.mtimeMs, size: s.size }];
      } catch {
        return []; // pruned by another studio meanwhile
      }
    })
    .sort((a, b) => b.t - a.t);
}

/** Marks an entry used now, the last to be pruned; a folder that cannot be written still answers. */
export function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // read-only: pruned as if unused, read all the same
  }
}
