import { useEffect } from 'react';
import { monaco } from '../../editor/monaco';
import { pathOf } from '../../editor/project-uri';
import type { StudioStore } from '../../store/store';

/**
 * Keeps Monaco's models in step with buffers changed outside the editor (a reload from disk, a
 * restored backup, "Load theirs") and drops the models of files renamed or deleted. The edit is
 * pushed as one undoable operation, so Ctrl+Z brings the previous text back.
 */
export function useModelSync(store: StudioStore): void {
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.buffers === prev.buffers) return;
        for (const model of monaco.editor.getModels()) {
          if (model.uri.scheme !== 'project') continue;
          const b = s.buffers[pathOf(model.uri)];
          if (b && b === prev.buffers[pathOf(model.uri)]) continue;
          if (!b) {
            // A buffer closed (renamed, deleted): its model goes too. Models that never had a
            // buffer (the project's .wit files kept for the language services) are not ours.
            if (prev.buffers[pathOf(model.uri)] && !model.isAttachedToEditor() && !model.uri.path.endsWith('.wit')) model.dispose();
            continue;
          }
          if (model.getValue() !== b.text) {
            model.pushEditOperations([], [{ range: model.getFullModelRange(), text: b.text }], () => null);
          }
        }
      }),
    [store],
  );
}
