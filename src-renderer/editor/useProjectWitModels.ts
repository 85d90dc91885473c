import { useEffect } from 'react';
import type { StudioStore } from '../store/store';
import { WIT_LANGUAGE_ID } from './wit/providers';
import { monaco } from './monaco';
import { pathOf, PROJECT_SCHEME, uriOf } from './project-uri';

const isWit = (path: string) => path.endsWith('.wit');

/**
 * Every .wit file of the project is a Monaco model, opened in the editor or not, so the WIT
 * services see the whole package: go-to-definition (F12) and hover reach types declared in files
 * that are not open, and their syntax problems are listed. Models without a buffer follow the disk.
 */
export function useProjectWitModels(store: StudioStore): void {
  useEffect(() => {
    let live = true;
    const load = async (path: string) => {
      try {
        const text = await store.getState().readProjectFile(path);
        if (!live || store.getState().buffers[path]) return;
        const model = monaco.editor.getModel(uriOf(path));
        if (!model) monaco.editor.createModel(text, WIT_LANGUAGE_ID, uriOf(path));
        else if (model.getValue() !== text) model.setValue(text);
      } catch {
        // Gone meanwhile: the next file list says so.
      }
    };
    const sync = () => {
      const s = store.getState();
      const wanted = new Set((s.project?.files ?? []).filter(isWit));
      for (const model of monaco.editor.getModels()) {
        const path = pathOf(model.uri);
        if (model.uri.scheme === PROJECT_SCHEME && isWit(path) && !wanted.has(path) && !s.buffers[path] && !model.isAttachedToEditor()) model.dispose();
      }
      for (const path of wanted) if (!monaco.editor.getModel(uriOf(path))) void load(path);
    };
    sync();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.project?.files !== prev.project?.files) sync();
      const change = s.lastDiskChange;
      if (change && change !== prev.lastDiskChange && isWit(change.path) && !change.deleted && !s.buffers[change.path]) void load(change.path);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [store]);
}
