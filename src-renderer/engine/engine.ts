import { engineOver, type Engine, type PreparedComponent } from '../../src-shared/engine/engine';
import { compileAll, runInWorker, stopRun } from './run-in-worker';

/**
 * The browser engine: each run in a Web Worker of this page (run-in-worker.ts). `source` gives the
 * component to run, fetched per run so a run always gets the current build and a fresh snapshot
 * of its mounts (the StudioApi's component.prepare in the UI, the artifacts sent to the engine page).
 */
export function browserEngine(source: () => Promise<PreparedComponent>): Engine {
  return engineOver('browser', {
    async prepare() {
      const { artifacts, settings, link } = await source();
      return Promise.all([...(link?.linked ?? []).map((m) => m.artifacts), artifacts].map((a) => compileAll(a, settings.limits.maxMemoryMiB)));
    },
    async run(runId, hooks, action) {
      const { artifacts, settings, link } = await source();
      return runInWorker(runId, artifacts, settings, (stream, text) => hooks.onOutput?.(stream, text), action, hooks.onPhases, link, hooks.onCalls);
    },
    stop: async (runId) => stopRun(runId),
  });
}
