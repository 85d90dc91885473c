import type { PhaseTimings } from '../../src-shared/timing/phases';
import type { FileTree } from '../../src-shared/engine/contract';
import type { RunJob } from '../../src-shared/engine/run-job';
import type { ExecuteResult } from '../../src-shared/engine/execute';
import type { StreamName } from '../../src-shared/engine/output';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';

/** A run job (src-shared/engine/run-job.ts) as the browser engine sends it to a run worker. */
export type ToRunWorker = Omit<RunJob, 'modules' | 'snapshots'> & {
  /** The component's hash, and its glue's text unless the worker imported it for an earlier run. */
  hash: string;
  glue: string | null;
  /** Component hash and memory cap; the compiled modules unless the worker holds them from an earlier run. */
  key: string;
  modules: Record<string, WebAssembly.Module> | null;
  snapshots: Record<string, FileTree>;
};

export type FromRunWorker =
  | { type: 'output'; stream: StreamName; text: string }
  | { type: 'phases'; timings: PhaseTimings }
  | { type: 'done'; result: ExecuteResult; fsChanges: FileChange[] };
