import { engineOver, type Engine } from '../../../src-shared/engine/engine';
import { runResult } from '../../../src-shared/engine/run-result';
import type { Linking } from '../../../src-shared/engine/link';
import type { RunSettings } from '../../../src-shared/protocol/types';
import { roundMs, type PhaseTimings } from '../../../src-shared/timing/phases';
import type { RunnerPool } from './runner-pool';

/** A component for the Node engine and the settings it runs under, as they are when a run starts. */
export interface NodeComponent {
  hash: string;
  name: string;
  bytes: Uint8Array;
  settings: RunSettings;
  /** In a composition: this is the root, and these members are linked to it (src-shared/engine/link.ts). */
  link?: Linking<{ hash: string; bytes: Uint8Array }>;
}

/**
 * The Node engine: runs go to the runner pool (runner-process.ts, a worker thread per run in
 * run-in-worker.ts). `source` gives the component per run (the open project's current build, or a
 * .wasm file), and may refuse: what it took to get is the run's `prepare` phase.
 */
export function nodeEngine(pool: RunnerPool, source: (action: 'Run' | 'Call') => Promise<NodeComponent>): Engine {
  return engineOver('node', {
    async prepare() {
      const c = await source('Run');
      return Promise.all([...(c.link?.linked ?? []), c].map((m) => pool.transpile(m.hash, m.name, m.bytes, c.settings.limits.maxWasmMiB)));
    },
    async run(runId, hooks, action) {
      const t0 = performance.now();
      const { hash, name, bytes, settings, link } = await source(action?.kind === 'call' ? 'Call' : 'Run');
      const { grants, limits, trace } = settings;
      const prepareMs = performance.now() - t0;
      const onPhases = hooks.onPhases && ((t: PhaseTimings) => hooks.onPhases!({ prepare: roundMs(prepareMs), ...t }));
      const reply = await pool.run({ runId, hash, name, bytes, grants, ...limits, trace, action, link }, hooks.onOutput, onPhases, hooks.onCalls);
      return { ...runResult('node', reply, limits.maxMemoryMiB), timings: { prepare: roundMs(prepareMs), ...reply.timings } };
    },
    stop: (runId) => pool.stop(runId),
  });
}
