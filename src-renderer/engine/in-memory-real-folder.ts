type Entry = { dir?: Record<string, Entry>; symlink?: string };
type Wrapped = { _getImplementation?(d: object): Inner | undefined };
type Inner = { _getEntry?(d: object): Entry | undefined };

/** The browser shim's tree node behind a descriptor (its wrapper and its in-memory descriptor keep it private). */
function entryOf(d: object): Entry | undefined {
  try {
    const inner = (d as Wrapped)._getImplementation?.(d);
    return inner ? inner._getEntry?.(inner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a directory descriptor really sits below its mount's root in the browser shim's in-memory
 * tree: found by walking the tree's own folders (never its symlinks), so a folder reached through
 * `loop -> .` is at the root, whatever the path it was opened by says. Null when not below it.
 */
export function inMemoryRealFolder(root: object, dir: object): string | null {
  const from = entryOf(root);
  const to = entryOf(dir);
  if (!from || !to) return null;
  const seen = new Set<Entry>();
  const walk = (node: Entry, path: string): string | null => {
    if (node === to) return path;
    if (!node.dir || seen.has(node)) return null;
    seen.add(node);
    for (const [name, child] of Object.entries(node.dir)) {
      const found = walk(child, path ? `${path}/${name}` : name);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(from, '');
}
