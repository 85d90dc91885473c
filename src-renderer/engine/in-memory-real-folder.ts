type Dir = {
  readDirectory(): { readDirectoryEntry(): { name: string; type: string } | undefined };
  openAt(pathFlags: object, path: string, openFlags: object, flags: object): Dir;
  isSameObject(other: Dir): boolean;
};
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/**
 * Where a directory descriptor really sits below its mount's root in the browser shim's in-memory
 * tree, found by walking the tree's own folders from the root (never its symlinks) until one is the
 * same object: a folder reached through `loop -> .` is at the root, whatever its path says. Null
 * when not below it. The shim keeps its tree private, so this asks through the interface; snapshots
 * are small (10,000 files at most), and only symlink creation and readlink ask.
 */
export function inMemoryRealFolder(root: object, dir: object): string | null {
  const target = dir as Dir;
  const walk = (node: Dir, path: string, depth: number): string | null => {
    if (node.isSameObject(target)) return path;
    if (depth > 64) return null;
    const entries = node.readDirectory();
    for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) {
      if (e.type !== 'directory') continue;
      const child = node.openAt({ symlinkFollow: false }, e.name, { directory: true }, { read: true });
      try {
        const found = walk(child, path ? `${path}/${e.name}` : e.name, depth + 1);
        if (found !== null) return found;
      } finally {
        (child as unknown as Record<symbol, (() => void) | undefined>)[DISPOSE]?.();
      }
    }
    return null;
  };
  try {
    return walk(root as Dir, '', 0);
  } catch {
    return null;
  }
}
