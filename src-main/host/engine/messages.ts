import { z } from 'zod';
import type { ModuleCompile } from '../../../src-shared/engine/compile-modules';
import type { Grants } from '../../../src-shared/capabilities/policy';
import type { ExecuteResult } from '../../../src-shared/engine/execute';
import type { Action } from '../../../src-shared/engine/run-command';
import type { LinkedJob, RunJob, RunProgress } from '../../../src-shared/engine/run-job';
import type { Linking } from '../../../src-shared/engine/link';
import {
  actionSchema,
  bytesSchema,
  executeResultSchema,
  grantsSchema,
  linkedJobsSchema,
  linkingSchema,
  moduleCompileSchema,
  runJobFields,
  runProgressSchema,
} from '../../../src-shared/engine/run-schemas';
import { schemasFor } from '../../../src-shared/protocol/channel';

/**
 * The Node engine's two hops over the channel (src-shared/protocol/channel.ts): the studio and its
 * runner process (runner-pool.ts -> runner-process.ts), and the runner and a run worker
 * (run-in-worker.ts -> run-worker.ts).
 */
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
  /** Said once per component: its handler cannot be reused (src-shared/engine/kept-instance.ts). */
  notice?: string;
}

export interface RunParams {
  runId: string;
  hash: string;
  grants: Grants;
  maxOutputBytes: number;
  maxMemoryMiB: number;
  timeoutMs: number;
  trace: boolean;
  action?: Action;
  /** In a composition: the members to instantiate first, by the hash they were transpiled under. */
  link?: Linking<{ hash: string }>;
}

export interface RunnerProtocol {
  requests: {
    transpile: { params: { hash: string; name: string; bytes: Uint8Array; maxWasmMiB: number }; result: TranspileReply };
    /** Output and phases come as the run's progress; the reply is its result. */
    run: { params: RunParams; result: RunReply; progress: RunProgress };
    stop: { params: { runId: string }; result: boolean };
  };
  events: Record<never, never>;
}

/** A run job (src-shared/engine/run-job.ts) as the runner sends it to a worker; no snapshots: Node mounts host folders. */
export type ToWorker = Omit<RunJob, 'modules' | 'snapshots'> & {
  glueUrl: string;
  /** Component hash and memory cap: the compiled modules' key. */
  key: string;
  /** Null when the worker holds this key's modules from an earlier run. */
  modules: Record<string, WebAssembly.Module> | null;
  /** In a composition: the members instantiated before this one, each glue by its file URL. */
  linked?: LinkedJob<string, WebAssembly.Module>[];
};

export interface RunWorkerProtocol {
  requests: { run: { params: ToWorker; result: ExecuteResult; progress: RunProgress } };
  events: Record<never, never>;
}

const runId = z.string().min(1).max(128);
const hash = z.string().min(1).max(128);
const count = z.number().int().nonnegative();
const fileUrl = z.string().startsWith('file:');

/** The runner's one argument: its runs never overlap, so it keeps no spare worker started (worker-shelf.ts). */
export const NO_SPARE_WORKER_ARG = '--no-spare-worker';

export const runnerSchemas = schemasFor<RunnerProtocol>()({
  requests: {
    transpile: {
      params: z.object({ hash, name: z.string().min(1), bytes: bytesSchema, maxWasmMiB: count }).strict(),
      result: z.object({ wit: z.string(), glue: z.string(), modules: z.record(z.string(), bytesSchema), transpileMs: z.number(), fresh: z.boolean().optional() }),
    },
    run: {
      params: z
        .object({
          runId,
          hash,
          grants: grantsSchema,
          maxOutputBytes: count,
          maxMemoryMiB: count,
          timeoutMs: count,
          trace: z.boolean(),
          action: actionSchema.optional(),
          link: linkingSchema({ hash }).optional(),
        })
        .strict(),
      result: executeResultSchema.extend({
        compiled: z.array(moduleCompileSchema).optional(),
        timedOut: z.boolean(),
        stopped: z.boolean(),
        workerMs: z.number(),
        reusedWorker: z.boolean(),
        notice: z.string().optional(),
      }),
      progress: runProgressSchema,
    },
    stop: { params: z.object({ runId }).strict(), result: z.boolean() },
  },
  events: {},
});

export const runWorkerSchemas = schemasFor<RunWorkerProtocol>()({
  requests: {
    run: {
      params: z
        .object({
          glueUrl: fileUrl,
          ...runJobFields<WebAssembly.Module>(),
          linked: linkedJobsSchema<string, WebAssembly.Module>(fileUrl).optional(),
        })
        .strict(),
      result: executeResultSchema,
      progress: runProgressSchema,
    },
  },
  events: {},
});
