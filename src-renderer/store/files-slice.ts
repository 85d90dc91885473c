import type { StateCreator } from 'zustand';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export interface Buffer {
  /** The content as last read from or written to disk. */
  saved: string;
  text: string;
}

export interface FilesSlice {
  openPath: string | null;
  buffers: Record<string, Buffer>;
  openFile(path: string): Promise<void>;
  editFile(path: string, text: string): void;
  saveFile(path: string): Promise<boolean>;
  /** Saves every changed buffer; false when one could not be saved. */
  saveAll(): Promise<boolean>;
}

export const filesSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], FilesSlice> =>
  (set, get) => ({
    openPath: null,
    buffers: {},
    async openFile(path) {
      if (!get().buffers[path]) {
        try {
          const { content } = await deps.client.call('file.read', { path });
          set((s) => ({ buffers: { ...s.buffers, [path]: { saved: content, text: content } } }));
        } catch (err) {
          get().setNotice(`Could not open ${path}: ${(err as Error).message}`);
          return;
        }
      }
      set({ openPath: path });
    },
    editFile(path, text) {
      const b = get().buffers[path];
      if (b && b.text !== text) set((s) => ({ buffers: { ...s.buffers, [path]: { ...b, text } } }));
    },
    async saveFile(path) {
      const b = get().buffers[path];
      if (!b || b.text === b.saved) return true;
      const text = b.text;
      try {
        await deps.client.call('file.write', { path, content: text });
      } catch (err) {
        get().setNotice(`Could not save ${path}: ${(err as Error).message}`);
        return false;
      }
      // Keep edits typed while the save was in flight.
      set((s) => ({ buffers: { ...s.buffers, [path]: { saved: text, text: s.buffers[path]?.text ?? text } } }));
      return true;
    },
    async saveAll() {
      const dirty = Object.entries(get().buffers).filter(([, b]) => b.text !== b.saved);
      const results = await Promise.all(dirty.map(([p]) => get().saveFile(p)));
      return results.every(Boolean);
    },
  });
