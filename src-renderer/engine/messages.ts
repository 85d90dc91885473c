import { z } from 'zod';
import type { FileTree } from '../../src-shared/engine/contract';
import type { LinkedJob, RunJob, RunProgress } from '../../src-shared/engine/run-job';
import type { ExecuteResult } from '../../src-shared/engine/execute';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';
import { executeResultSchema, fileChangeSchema, linkedJobsSchema, runJobFields, runProgressSchema, snapshotsSchema } from '../../src-shared/engine/run-schemas';
import { schemasFor } from '../../src-shared/protocol/channel';

/** A run job (src-shared/engine/run-job.ts) as the browser engine sends it to a run worker. */
export type ToWorker = Omit<RunJob, 'modules' | 'snapshots'> & {
  /** The component's hash, and its glue's text unless the worker imported it for an earlier run. */
  hash: string;
  glue: string | null;
  /** Component hash and memory cap; the compiled modules unless the worker holds them from an earlier run. */
  key: string;
  modules: Record<string, WebAssembly.Module> | null;
  snapshots: Record<string, FileTree>;
  /** In a composition: the members instantiated before this one, each glue by its hash and text (null: the worker holds it). */
  linked?: LinkedJob<LinkedGlue, WebAssembly.Module>[];
};

export interface LinkedGlue {
  hash: string;
  text: string | null;
}

/** The browser engine's hop to a run worker (run-in-worker.ts -> run-worker.ts) over the channel. */
export interface RunWorkerProtocol {
  requests: { run: { params: ToWorker; result: { result: ExecuteResult; fsChanges: FileChange[] }; progress: RunProgress } };
  events: Record<never, never>;
}

export const runWorkerSchemas = schemasFor<RunWorkerProtocol>()({
  requests: {
    run: {
      params: z
        .object({
          hash: z.string().min(1),
          glue: z.string().nullable(),
          snapshots: snapshotsSchema,
          ...runJobFields<WebAssembly.Module>(),
          linked: linkedJobsSchema<LinkedGlue, WebAssembly.Module>(z.object({ hash: z.string().min(1), text: z.string().nullable() }).strict()).optional(),
        })
        .strict(),
      result: z.object({ result: executeResultSchema, fsChanges: z.array(fileChangeSchema) }),
      progress: runProgressSchema,
    },
  },
  events: {},
});
