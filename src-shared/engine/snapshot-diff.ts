import type { FileTree } from './contract';
import { encodeText } from './text';

/** A file the guest changed in a browser-engine snapshot: shown as a diff, and offered for writing back. */
export interface FileChange {
  /** The mount's guest path, e.g. /data. */
  guest: string;
  /** In a composition: the member whose mount it is (each member has its own), when not the root. */
  member?: string;
  /** Path below the mount. */
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  before: Uint8Array | null;
  after: Uint8Array | null;
}

const bytesOf = (source: FileTree['source'] | string): Uint8Array =>
  typeof source === 'string' ? encodeText(source) : (source ?? new Uint8Array());

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Every regular file added, changed or removed between two snapshots of one mount. */
export function diffTrees(guest: string, before: FileTree, after: FileTree, prefix = ''): FileChange[] {
  const out: FileChange[] = [];
  const names = new Set([...Object.keys(before.dir ?? {}), ...Object.keys(after.dir ?? {})]);
  for (const name of [...names].sort()) {
    const path = prefix ? `${prefix}/${name}` : name;
    const b = before.dir?.[name];
    const a = after.dir?.[name];
    if (b?.dir || a?.dir) {
      out.push(...diffTrees(guest, b?.dir ? b : { dir: {} }, a?.dir ? a : { dir: {} }, path));
      continue;
    }
    const bFile = b && b.source !== undefined ? bytesOf(b.source) : null;
    const aFile = a && a.source !== undefined ? bytesOf(a.source) : null;
    if (bFile && !aFile) out.push({ guest, path, kind: 'deleted', before: bFile, after: null });
    else if (!bFile && aFile) out.push({ guest, path, kind: 'added', before: null, after: aFile });
    else if (bFile && aFile && !same(bFile, aFile)) out.push({ guest, path, kind: 'modified', before: bFile, after: aFile });
  }
  return out;
}
