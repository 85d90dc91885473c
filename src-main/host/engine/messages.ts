import type { PhaseTimings } from '../../../src-shared/timing/phases';
import type { ModuleCompile } from '../../../src-shared/engine/compile-modules';
import type { Grants } from '../../../src-shared/capabilities/policy';
import type { StreamName } from '../../../src-shared/engine/output';
import type { ExecuteResult } from '../../../src-shared/engine/execute';
import type { Action } from '../../../src-shared/engine/run-command';
import type { RunJob, RunProgress } from '../../../src-shared/engine/run-job';

/** Messages between the studio and its runner process, and between the runner and a run worker. */
export type ToRunner =
  | { type: 'transpile'; id: number; hash: string; name: string; bytes: Uint8Array; maxWasmMiB: number }
  | { type: 'run'; id: number; runId: string; hash: string; grants: Grants; maxOutputBytes: number; maxMemoryMiB: number; timeoutMs: number; trace: boolean; action?: Action }
  | { type: 'stop'; id: number; runId: string };

export type FromRunner =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  /** `code`: a StudioError's code, so a refusal keeps its meaning across the process boundary. */
  | { type: 'reply'; id: number; ok: false; error: string; code?: string }
  | { type: 'output'; runId: string; stream: StreamName; text: string }
  | { type: 'phases'; runId: string; timings: PhaseTimings };

export interface TranspileReply {
  wit: string;
  glue: string;
  modules: Record<string, Uint8Array>;
  transpileMs: number;
  /** True when this request transpiled; false when the runner had it already. */
  fresh?: boolean;
}

export interface RunReply extends ExecuteResult {
  /** Each core module's compile, when this run paid for it. */
  compiled?: ModuleCompile[];
  timedOut: boolean;
  stopped: boolean;
  workerMs: number;
  /** The run went to a worker that had run this component before (its glue already imported). */
  reusedWorker: boolean;
}

/** A run job (src-shared/engine/run-job.ts) as the runner sends it to a worker; no snapshots: Node mounts host folders. */
export type ToWorker = Omit<RunJob, 'modules' | 'snapshots'> & {
  glueUrl: string;
  /** Component hash and memory cap: the compiled modules' key. */
  key: string;
  /** Null when the worker holds this key's modules from an earlier run. */
  modules: Record<string, WebAssembly.Module> | null;
};

export type FromWorker =
  | RunProgress
  | { type: 'done'; result: ExecuteResult };
