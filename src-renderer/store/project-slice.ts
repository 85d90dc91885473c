import type { StateCreator } from 'zustand';
import type { ProjectInfo } from '../../src-shared/protocol/types';
import { RemoteError } from '../bridge/unwrap';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export interface ProjectSlice {
  project: ProjectInfo | null;
  /** Why the folder the studio was started on could not be opened (null: it was, or none was given). */
  projectError: string | null;
  connected: boolean;
  notice: string | null;
  loadProject(): Promise<void>;
  setConnected(connected: boolean): void;
  setNotice(notice: string | null): void;
}

export const projectSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], ProjectSlice> =>
  (set, get) => {
    // studio.json changed (saved here, in another window, or outside the studio): show what it holds now.
    deps.client.on('project.updated', (info) => {
      if (get().project?.dir === info.dir) set({ project: info });
    });
    return {
      project: null,
      projectError: null,
      connected: true,
      notice: null,
      async loadProject() {
        try {
          const project = await deps.client.call('project.get', {});
          set({ project, projectError: null });
          // A reloaded window shows the build this studio already made, not "Not built yet".
          const last = await deps.client.call('build.last', {}).then((r) => r.result, () => null);
          if (last && get().project?.dir === project.dir && !get().buildResult) {
            set({ buildResult: last, buildSteps: last.steps });
            if (last.ok) void get().loadDescription();
          }
          const first = project.files.find((f) => f.startsWith('src/')) ?? project.files[0];
          if (first && !get().openPath) await get().openFile(first);
        } catch (err) {
          // No folder given is no error: the welcome screen is the start.
          const none = err instanceof RemoteError && err.code === 'not-open';
          set({ project: null, projectError: none ? null : (err as Error).message });
          void get().loadWelcome();
        }
      },
      setConnected: (connected) => set({ connected }),
      setNotice: (notice) => set({ notice }),
    };
  };
