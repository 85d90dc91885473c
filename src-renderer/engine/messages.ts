import type { Grants } from '../../src-shared/capabilities/policy';
import type { FileTree } from '../../src-shared/engine/contract';
import type { Action } from '../../src-shared/engine/run-command';
import type { ExecuteResult } from '../../src-shared/engine/execute';
import type { StreamName } from '../../src-shared/engine/output';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';

export type ToRunWorker = {
  glue: string;
  modules: Record<string, WebAssembly.Module>;
  grants: Grants;
  snapshots: Record<string, FileTree>;
  maxOutputBytes: number;
  trace: boolean;
  action?: Action;
};

export type FromRunWorker = { type: 'output'; stream: StreamName; text: string } | { type: 'done'; result: ExecuteResult; fsChanges: FileChange[] };
