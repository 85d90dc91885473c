import type { Grants } from '../capabilities/policy';
import type { EngineName } from '../protocol/types';
import type { EngineShim, FileTree } from './contract';
import { executeRun, type ExecuteResult } from './execute';
import type { StreamName } from './output';
import type { PhaseTimings } from '../timing/phases';
import type { Action, Instantiate } from './run-command';

/** What a run worker receives in either engine, whatever else its transport adds. */
export interface RunJob {
  modules: Record<string, unknown>;
  grants: Grants;
  snapshots?: Record<string, FileTree>;
  maxOutputBytes: number;
  trace: boolean;
  action?: Action;
  /** The run's journal (src-shared/engine/run-journal.ts), or null where shared memory is unavailable. */
  journal: ArrayBufferLike | null;
}

/** What a run worker posts while its run goes on, in either engine. */
export type RunProgress = { type: 'output'; stream: StreamName; text: string } | { type: 'phases'; timings: PhaseTimings };

/** The body of both engines' run workers: the job, run with that engine's shim and clock, its progress posted as it comes. */
export function executeJob(
  job: RunJob,
  engine: {
    name: EngineName;
    shim: EngineShim;
    instantiate: Instantiate;
    now: () => number;
    post: (m: RunProgress) => void;
  },
): Promise<ExecuteResult> {
  return executeRun({
    engine: engine.name,
    shim: engine.shim,
    instantiate: engine.instantiate,
    // Modules arrive compiled (and memory-capped) from the engine's host: the glue only looks them up.
    compile: async (name) => {
      const mod = job.modules[name];
      if (!mod) throw new Error(`the glue asked for an unknown core module ${name}`);
      return mod;
    },
    grants: job.grants,
    snapshots: job.snapshots,
    maxOutputBytes: job.maxOutputBytes,
    trace: job.trace,
    action: job.action,
    journal: job.journal,
    now: engine.now,
    onOutput: (stream, text) => engine.post({ type: 'output', stream, text }),
    onPhases: (timings) => engine.post({ type: 'phases', timings }),
  });
}
