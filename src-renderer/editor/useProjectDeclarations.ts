import { useEffect } from 'react';
import type { StudioStore } from '../store/store';
import { monaco } from './monaco';

const isDeclaration = (path: string) => path.startsWith('types/') && path.endsWith('.d.ts');

/**
 * Every declaration file a build wrote to the project's types/ folder is an extra library
 * of Monaco's TypeScript checker, so a module's `import … from 'wasi:cli/environment@0.2.12'`
 * resolves in the editor as it does in the build. A model would not do: the checker's worker
 * only sees the models it is asked about, not every model that exists.
 */
export function useProjectDeclarations(store: StudioStore): void {
  useEffect(() => {
    let live = true;
    const libs = new Map<string, monaco.IDisposable>();
    const drop = (path: string) => {
      libs.get(path)?.dispose();
      libs.delete(path);
    };
    const load = async (path: string) => {
      try {
        const text = await store.getState().readProjectFile(path);
        if (!live) return;
        drop(path);
        // Its own scheme: an opened .d.ts is also a model, at the project URI.
        libs.set(path, monaco.typescript.typescriptDefaults.addExtraLib(text, `file:///project-declarations/${path}`));
      } catch {
        // Gone meanwhile: the next file list says so.
      }
    };
    const sync = () => {
      const wanted = new Set((store.getState().project?.files ?? []).filter(isDeclaration));
      for (const path of [...libs.keys()]) if (!wanted.has(path)) drop(path);
      for (const path of wanted) if (!libs.has(path)) void load(path);
    };
    sync();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.project?.files !== prev.project?.files) sync();
      const change = s.lastDiskChange;
      if (change && change !== prev.lastDiskChange && isDeclaration(change.path)) {
        if (change.deleted) drop(change.path);
        else void load(change.path);
      }
    });
    return () => {
      live = false;
      unsubscribe();
      for (const path of [...libs.keys()]) drop(path);
    };
  }, [store]);
}
