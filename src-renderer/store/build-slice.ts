import type { StateCreator } from 'zustand';
import type { BuildResult } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export interface BuildSlice {
  building: boolean;
  buildProgress: { message: string; fraction: number | null } | null;
  buildResult: BuildResult | null;
  buildError: string | null;
  /** Saves changed files and builds; resolves to whether a fresh component exists. */
  build(): Promise<boolean>;
}

export const buildSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], BuildSlice> =>
  (set, get) => {
    // Progress that reached its end (the toolchain finished loading) is no longer news.
    deps.client.on('build.progress', (p) => set({ buildProgress: p.fraction !== null && p.fraction >= 1 ? null : p }));
    return {
      building: false,
      buildProgress: null,
      buildResult: null,
      buildError: null,
      async build() {
        if (!(await get().saveAll())) return false;
        set({ building: true, buildError: null, opened: null });
        const dir = get().project?.dir;
        // Another project opened meanwhile: this result belongs to the old one, and is dropped.
        const moved = () => get().project?.dir !== dir;
        try {
          const buildResult = await deps.client.call('build.start', {});
          if (moved()) return false;
          set({ buildResult });
          if (buildResult.ok) void get().loadDescription();
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
