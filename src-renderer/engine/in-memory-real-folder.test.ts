import { describe, expect, it } from 'vitest';
import { inMemoryRealFolder } from './in-memory-real-folder';

// The browser shim's own in-memory filesystem (its browser build, loaded by path: Node would resolve the package to its Node build).
const shim = '../../node_modules/@bytecodealliance/preview2-shim/dist/browser/';

type Dir = {
  openAt(pf: object, path: string, of: object, f: object): Dir;
  symlinkAt(target: string, path: string): void;
  createDirectoryAt(path: string): void;
};

async function mount(): Promise<Dir> {
  const fs = await import(/* @vite-ignore */ `${shim}filesystem.js`);
  const { InMemoryFilesystemAdapter } = await import(/* @vite-ignore */ `${shim}in-memory-filesystem.js`);
  const created = fs.createFilesystem({ adapter: new InMemoryFilesystemAdapter(), preopens: { '/m': { dir: { a: { dir: { b: { dir: {} } } } } } } });
  return created.preopens.getDirectories()[0][0] as Dir;
}
const open = (root: Dir, path: string) => root.openAt({ symlinkFollow: true }, path, { directory: true }, { read: true });

describe('inMemoryRealFolder', () => {
  it('names a folder by where it is in the tree, not by the path that reached it', async () => {
    const root = await mount();
    expect(inMemoryRealFolder(root, root)).toBe('');
    expect(inMemoryRealFolder(root, open(root, 'a/b'))).toBe('a/b');
    root.symlinkAt('.', 'loop');
    root.symlinkAt('a/b', 'deep');
    expect(inMemoryRealFolder(root, open(root, 'loop/loop/loop'))).toBe('');
    expect(inMemoryRealFolder(root, open(root, 'loop/deep'))).toBe('a/b');
  });

  it('is null for a folder of another tree', async () => {
    const [one, other] = [await mount(), await mount()];
    expect(inMemoryRealFolder(one, open(other, 'a'))).toBeNull();
  });
});
