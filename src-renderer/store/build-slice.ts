import type { StateCreator } from 'zustand';
import type { BuildResult, BuildStep } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export interface BuildSlice {
  building: boolean;
  buildProgress: { message: string; fraction: number | null } | null;
  buildResult: BuildResult | null;
  /** The steps of the build in progress as they finish, then those of the last build. */
  buildSteps: BuildStep[];
  buildError: string | null;
  /** Saves changed files and builds; resolves to whether a fresh component exists. */
  build(): Promise<boolean>;
}

export const buildSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], BuildSlice> =>
  (set, get) => {
    // Progress that reached its end (the toolchain finished loading) is no longer news.
    deps.client.on('build.progress', (p) => set({ buildProgress: p.fraction !== null && p.fraction >= 1 ? null : p }));
    deps.client.on('build.step', (step) => {
      if (get().building) set({ buildSteps: [...get().buildSteps, step] });
    });
    return {
      building: false,
      buildProgress: null,
      buildResult: null,
      buildSteps: [],
      buildError: null,
      async build() {
        if (!(await get().saveAll())) return false;
        const before = get().buildSteps;
        set({ building: true, buildError: null, opened: null, buildSteps: [] });
        const dir = get().project?.dir;
        // Another project opened meanwhile: this result belongs to the old one, and is dropped.
        const moved = () => get().project?.dir !== dir;
        try {
          const buildResult = await deps.client.call('build.start', {});
          if (moved()) return false;
          // A build with nothing to do keeps the steps of the one that made the current component.
          set({ buildResult, buildSteps: buildResult.unchanged && before.length ? before : buildResult.steps });
          if (buildResult.ok) {
            // A run that never happened because the build failed says nothing once it builds.
            set((s) => ({ runs: Object.fromEntries(Object.entries(s.runs).map(([e, r]) => [e, r.status === 'done' && !r.result && r.error ? { ...r, status: 'idle', error: null } : r])) as typeof s.runs }));
            void get().loadDescription();
          }
          else get().setBottomTab('problems');
          return buildResult.ok;
        } catch (err) {
          if (!moved()) set({ buildError: (err as Error).message, buildResult: null });
          return false;
        } finally {
          if (!moved()) set({ building: false, buildProgress: null });
        }
      },
    };
  };
