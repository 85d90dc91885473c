import type { PhaseTimings } from '../../src-shared/timing/phases';
import type { Grants } from '../../src-shared/capabilities/policy';
import type { FileTree } from '../../src-shared/engine/contract';
import type { Action } from '../../src-shared/engine/run-command';
import type { ExecuteResult } from '../../src-shared/engine/execute';
import type { StreamName } from '../../src-shared/engine/output';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';

export type ToRunWorker = {
  /** The component's hash, and its glue's text unless the worker imported it for an earlier run. */
  hash: string;
  glue: string | null;
  /** Component hash and memory cap; the compiled modules unless the worker holds them from an earlier run. */
  key: string;
  modules: Record<string, WebAssembly.Module> | null;
  grants: Grants;
  snapshots: Record<string, FileTree>;
  maxOutputBytes: number;
  trace: boolean;
  action?: Action;
  /** Shared memory the run records into, read by the supervisor after a kill (src-shared/engine/run-journal.ts). */
  journal: ArrayBufferLike | null;
};

export type FromRunWorker =
  | { type: 'output'; stream: StreamName; text: string }
  | { type: 'phases'; timings: PhaseTimings }
  | { type: 'done'; result: ExecuteResult; fsChanges: FileChange[] };
