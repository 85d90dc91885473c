import type { FileTree } from '../../src-shared/engine/contract';
import type { RunJob, RunProgress } from '../../src-shared/engine/run-job';
import type { ExecuteResult } from '../../src-shared/engine/execute';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';

/** A run job (src-shared/engine/run-job.ts) as the browser engine sends it to a run worker. */
export type ToWorker = Omit<RunJob, 'modules' | 'snapshots'> & {
  /** The component's hash, and its glue's text unless the worker imported it for an earlier run. */
  hash: string;
  glue: string | null;
  /** Component hash and memory cap; the compiled modules unless the worker holds them from an earlier run. */
  key: string;
  modules: Record<string, WebAssembly.Module> | null;
  snapshots: Record<string, FileTree>;
};

export type FromWorker =
  | RunProgress
  | { type: 'done'; result: ExecuteResult; fsChanges: FileChange[] };
