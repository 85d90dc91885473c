import { createStore } from 'zustand/vanilla';
import { buildSlice, type BuildSlice } from './build-slice';
import type { StoreDeps } from './deps';
import { filesSlice, type FilesSlice } from './files-slice';
import { projectSlice, type ProjectSlice } from './project-slice';
import { callsSlice, type CallsSlice } from './calls-slice';
import { httpSlice, type HttpSlice } from './http-slice';
import { inspectorSlice, type InspectorSlice } from './inspector-slice';
import { runsSlice, type RunsSlice } from './runs-slice';
import { uiSlice, type UiSlice } from './ui-slice';
import { witProblemsSlice, type WitProblemsSlice } from './wit-problems-slice';
import { projectsSlice, type ProjectsSlice } from './projects-slice';
import { trustSlice, type TrustSlice } from './trust-slice';
import { PROJECT_STATE } from './project-state';

export type StudioState = ProjectSlice & FilesSlice & BuildSlice & RunsSlice & InspectorSlice & CallsSlice & HttpSlice
  & WitProblemsSlice
  & UiSlice
  & ProjectsSlice
  & TrustSlice
  & { resetProject(): void };

/** One store made of slices; the React hook over it lives in ./use-studio. */
export function createStudioStore(deps: StoreDeps) {
  return createStore<StudioState>()((...a) => ({
    resetProject() {
      const [set, get, api] = a;
      get().forgetBuffers();
      const first = api.getInitialState();
      set(Object.fromEntries(PROJECT_STATE.map((k) => [k, first[k]])) as Partial<StudioState>);
    },
    ...projectSlice(deps)(...a),
    ...filesSlice(deps)(...a),
    ...buildSlice(deps)(...a),
    ...runsSlice(deps)(...a),
    ...inspectorSlice(deps)(...a),
    ...callsSlice(deps)(...a),
    ...httpSlice(deps)(...a),
    ...uiSlice(deps)(...a),
    ...witProblemsSlice(deps)(...a),
    ...projectsSlice(deps)(...a),
    ...trustSlice(deps)(...a),
  }));
}

export type StudioStore = ReturnType<typeof createStudioStore>;
