import { PROJECT_FILE } from '../../src-shared/protocol/project';
import type { StateCreator } from 'zustand';
import type { StoreDeps } from './deps';
import { sha256Hex } from './sha256';
import type { StudioState } from './store';

export interface Buffer {
  /** The content as last read from or written to disk. */
  saved: string;
  text: string;
}

/** A file changed (or deleted) on disk while its buffer had unsaved edits: the user chooses. */
export interface Conflict {
  path: string;
  deleted: boolean;
}

/** How long after the last keystroke an unsaved buffer is backed up. */
export const BACKUP_DELAY_MS = 1000;

/** A place in a file the editor should select and scroll to once that file is shown (1-based). */
export interface RevealTarget {
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Tells two requests for the same place apart, so a second click reveals again. */
  seq: number;
}

export interface FilesSlice {
  openPath: string | null;
  reveal: RevealTarget | null;
  buffers: Record<string, Buffer>;
  conflicts: Conflict[];
  /** When the last backup of an unsaved buffer reached the studio (ms since epoch). */
  lastBackupAt: number | null;
  /** Opens a file; with `at`, the editor then selects that place and scrolls it into view. */
  openFile(path: string, at?: Omit<RevealTarget, 'path' | 'seq'>): Promise<void>;
  editFile(path: string, text: string): void;
  saveFile(path: string): Promise<boolean>;
  /** Saves every changed buffer; false when one could not be saved. */
  saveAll(): Promise<boolean>;
  /** Backs up every pending buffer now (the page is going away, or another project opens). */
  flushBackups(): Promise<void>;
  /** Drops every buffer and pending backup timer without saving (after flushBackups, on a project switch). */
  forgetBuffers(): void;
  /** Reads a project file without opening it (the editor's background models of .wit files). */
  readProjectFile(path: string): Promise<string>;
  /** The last change on disk reported by the studio, for views that keep files outside buffers. */
  lastDiskChange: { path: string; deleted: boolean; seq: number } | null;
  /** Brings back unsaved buffers kept from before the studio stopped; resolves to the paths restored. */
  restoreBackups(): Promise<string[]>;
  fileChangedOnDisk(path: string, deleted: boolean): Promise<void>;
  resolveConflict(path: string, choice: 'mine' | 'theirs'): Promise<void>;
  createFile(path: string): Promise<boolean>;
  renameFile(from: string, to: string): Promise<boolean>;
  deleteFile(path: string): Promise<boolean>;
}

/** SHA-256 hex of a text as UTF-8: the same as the studio's hash of the file's content. */
export const hashText = (text: string): Promise<string> => sha256Hex(new TextEncoder().encode(text));

const isDirty = (b: Buffer | undefined) => Boolean(b && b.text !== b.saved);
const without = <T>(o: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = o;
  return rest;
};

export const filesSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], FilesSlice> =>
  (set, get) => {
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    /** Paths with a backup on the studio's side, so a buffer edited back to clean discards it. */
    const backedUp = new Set<string>();
    let restored = false;

    const cancel = (path: string) => {
      clearTimeout(timers.get(path));
      timers.delete(path);
    };
    const backupNow = async (path: string) => {
      cancel(path);
      const b = get().buffers[path];
      if (!b) return;
      try {
        if (!isDirty(b)) {
          if (backedUp.delete(path)) await deps.client.call('backup.discard', { path });
          return;
        }
        const baseHash = await hashText(b.saved);
        await deps.client.call('backup.save', { path, content: b.text, baseHash });
        backedUp.add(path);
        set({ lastBackupAt: Date.now() });
      } catch {
        // The connection is gone (the server stopped): the previous backup stays, the next edit tries again.
      }
    };
    const schedule = (path: string) => {
      cancel(path);
      timers.set(
        path,
        setTimeout(() => void backupNow(path), BACKUP_DELAY_MS),
      );
    };
    const setBuffer = (path: string, b: Buffer) => set((s) => ({ buffers: { ...s.buffers, [path]: b } }));
    const dropBuffer = (path: string) => {
      cancel(path);
      backedUp.delete(path);
      set((s) => {
        const buffers = without(s.buffers, path);
        const openPath = s.openPath === path ? (Object.keys(buffers)[0] ?? null) : s.openPath;
        return { buffers, openPath, conflicts: s.conflicts.filter((c) => c.path !== path) };
      });
    };
    const refreshProject = async () => {
      try {
        set({ project: await deps.client.call('project.get', {}) });
      } catch {
        // The project view stays as it was.
      }
    };
    const read = async (path: string) => (await deps.client.call('file.read', { path })).content;

    let seq = 0;
    deps.client.on('file.changed', ({ path, deleted }) => {
      set({ lastDiskChange: { path, deleted, seq: ++seq } });
      void get().fileChangedOnDisk(path, deleted);
    });

    return {
      openPath: null,
      reveal: null,
      buffers: {},
      conflicts: [],
      lastBackupAt: null,
      lastDiskChange: null,
      readProjectFile: read,
      async openFile(path, at) {
        if (!get().buffers[path]) {
          try {
            const content = await read(path);
            // A restored backup may have filled this buffer meanwhile: never overwrite it.
            set((s) => (s.buffers[path] ? s : { buffers: { ...s.buffers, [path]: { saved: content, text: content } } }));
          } catch (err) {
            get().setNotice(`Could not open ${path}: ${(err as Error).message}`);
            return;
          }
        }
        set((s) => ({ openPath: path, reveal: at ? { ...at, path, seq: (s.reveal?.seq ?? 0) + 1 } : s.reveal }));
      },
      editFile(path, text) {
        const b = get().buffers[path];
        if (b && b.text !== text && get().opened) {
          // Editing the project says what to run next: its sources, not the .wasm opened before.
          const { name } = get().opened!;
          set({ opened: null });
          get().setNotice(`${name} is set aside: you edited the project, so Run and Call build it again. Open ${name} again to run it.`);
        }
        if (b && b.text !== text) {
          setBuffer(path, { ...b, text });
          schedule(path);
        }
      },
      async saveFile(path) {
        const b = get().buffers[path];
        if (!b || b.text === b.saved) return true;
        const text = b.text;
        cancel(path);
        try {
          await deps.client.call('file.write', { path, content: text });
        } catch (err) {
          get().setNotice(`Could not save ${path}: ${(err as Error).message}`);
          schedule(path);
          return false;
        }
        // The studio discarded the backup with the save.
        backedUp.delete(path);
        // Keep edits typed while the save was in flight.
        set((s) => ({
          buffers: { ...s.buffers, [path]: { saved: text, text: s.buffers[path]?.text ?? text } },
          conflicts: s.conflicts.filter((c) => c.path !== path),
        }));
        if (isDirty(get().buffers[path])) schedule(path);
        return true;
      },
      async saveAll() {
        const dirty = Object.entries(get().buffers).filter(([, b]) => b.text !== b.saved);
        const results = await Promise.all(dirty.map(([p]) => get().saveFile(p)));
        return results.every(Boolean);
      },
      async flushBackups() {
        await Promise.all([...timers.keys()].map((path) => backupNow(path)));
      },
      forgetBuffers() {
        for (const path of [...timers.keys()]) cancel(path);
        backedUp.clear();
        restored = false; // the next project's backups are offered too
      },
      async restoreBackups() {
        if (restored) return [];
        restored = true;
        let backups;
        try {
          ({ backups } = await deps.client.call('backup.list', {}));
        } catch {
          return [];
        }
        const back: string[] = [];
        const kept: string[] = [];
        for (const b of backups) {
          if (b.state === 'same') {
            await deps.client.call('backup.discard', { path: b.path }).catch(() => {});
            continue;
          }
          if (b.state !== 'newer') {
            kept.push(b.path);
            continue;
          }
          try {
            const disk = await read(b.path);
            setBuffer(b.path, { saved: disk, text: b.content });
            backedUp.add(b.path);
            back.push(b.path);
          } catch {
            kept.push(b.path);
          }
        }
        const notes: string[] = [];
        if (back.length) notes.push(`Restored unsaved changes to ${back.join(', ')} from before the studio stopped.`);
        if (kept.length) notes.push(`Older unsaved changes to ${kept.join(', ')} were not restored: the file on disk is newer or gone (kept in .studio/backups).`);
        if (notes.length) get().setNotice(notes.join(' '));
        if (back.length) set({ openPath: back[0]! });
        return back;
      },
      async fileChangedOnDisk(path, deleted) {
        const project = get().project;
        if (deleted || path === PROJECT_FILE || (project && !project.files.includes(path))) await refreshProject();
        const b = get().buffers[path];
        if (!b) return;
        if (deleted) {
          if (isDirty(b)) set((s) => ({ conflicts: [...s.conflicts.filter((c) => c.path !== path), { path, deleted: true }] }));
          else dropBuffer(path);
          return;
        }
        let disk: string;
        try {
          disk = await read(path);
        } catch {
          return;
        }
        const now = get().buffers[path];
        if (!now || disk === now.saved) return;
        if (!isDirty(now) || disk === now.text) {
          // Clean (or already equal to what is on disk): take the new content silently.
          setBuffer(path, { saved: disk, text: isDirty(now) ? now.text : disk });
          set((s) => ({ conflicts: s.conflicts.filter((c) => c.path !== path) }));
          return;
        }
        set((s) => ({ conflicts: [...s.conflicts.filter((c) => c.path !== path), { path, deleted: false }] }));
      },
      async resolveConflict(path, choice) {
        const conflict = get().conflicts.find((c) => c.path === path);
        const b = get().buffers[path];
        if (!conflict || !b) return;
        const clear = () => set((s) => ({ conflicts: s.conflicts.filter((c) => c.path !== path) }));
        if (choice === 'theirs') {
          if (conflict.deleted) {
            dropBuffer(path);
            await deps.client.call('backup.discard', { path }).catch(() => {});
            return;
          }
          try {
            const disk = await read(path);
            cancel(path);
            setBuffer(path, { saved: disk, text: disk });
            clear();
            backedUp.delete(path);
            await deps.client.call('backup.discard', { path }).catch(() => {});
          } catch (err) {
            get().setNotice(`Could not load ${path}: ${(err as Error).message}`);
          }
          return;
        }
        // Keep mine: the buffer stays unsaved, now based on what is on disk, so saving replaces theirs.
        let disk = '';
        if (!conflict.deleted) {
          try {
            disk = await read(path);
          } catch {
            disk = '';
          }
        }
        const now = get().buffers[path]!;
        setBuffer(path, { saved: disk, text: now.text });
        clear();
        void backupNow(path);
      },
      async createFile(path) {
        const clean = path.trim().replace(/^\/+/, '');
        if (!clean) return false;
        try {
          set({ project: await deps.client.call('file.create', { path: clean }) });
        } catch (err) {
          get().setNotice(`Could not create ${clean}: ${(err as Error).message}`);
          return false;
        }
        await get().openFile(clean);
        return true;
      },
      async renameFile(from, to) {
        const target = to.trim().replace(/^\/+/, '');
        if (!target || target === from) return false;
        try {
          set({ project: await deps.client.call('file.rename', { from, to: target }) });
        } catch (err) {
          get().setNotice(`Could not rename ${from}: ${(err as Error).message}`);
          return false;
        }
        const b = get().buffers[from];
        const hadTimer = timers.has(from);
        cancel(from);
        if (backedUp.delete(from)) backedUp.add(target);
        set((s) => ({
          buffers: b ? { ...without(s.buffers, from), [target]: b } : s.buffers,
          openPath: s.openPath === from ? target : s.openPath,
          conflicts: s.conflicts.map((c) => (c.path === from ? { ...c, path: target } : c)),
        }));
        if (hadTimer) schedule(target);
        return true;
      },
      async deleteFile(path) {
        try {
          set({ project: await deps.client.call('file.delete', { path }) });
        } catch (err) {
          get().setNotice(`Could not delete ${path}: ${(err as Error).message}`);
          return false;
        }
        dropBuffer(path);
        return true;
      },
    };
  };
