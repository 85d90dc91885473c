import { parentPort } from 'node:worker_threads';
import { executeJob, linkedMembers, prepareAhead, type JobEngine, type RunProgress } from '../../../src-shared/engine/run-job';
import type { ExecuteResult } from '../../../src-shared/engine/execute';
import { AheadInstances } from '../../../src-shared/engine/ahead-instance';
import { KeptInstances } from '../../../src-shared/engine/kept-instance';
import type { Instantiate } from '../../../src-shared/engine/run-command';
import { responder, type ReplyContext } from '../../../src-shared/protocol/channel';
import { parentThreadPort } from '../../channel-ports';
import { runWorkerSchemas, type RunWorkerProtocol, type ToWorker } from './messages';
import { nodeShim } from './shim';

/**
 * Runs one job at a time, for as long as the runner keeps this worker: the runner keeps workers
 * started (shim already loaded) and gives a worker back after a run that ended normally, so a
 * later run of the same component finds its glue imported and its modules here. A runaway guest
 * is stopped by terminating the worker. After a request that a fresh instance answered, the next
 * request's instance is made while the worker waits (src-shared/engine/ahead-instance.ts).
 */
const modulesByKey = new Map<string, Record<string, WebAssembly.Module>>();
/** A handler instance kept after a reuse request it answered, for the next one (src-shared/engine/kept-instance.ts). */
const kept = new KeptInstances();
/** The next fresh handler instance, made while this worker waits (src-shared/engine/ahead-instance.ts). */
const ahead = new AheadInstances();
let running = 0;

responder<RunWorkerProtocol>(parentThreadPort(parentPort!), runWorkerSchemas, {
  async run(job, ctx) {
    running++;
    try {
      return await runJob(job, ctx);
    } finally {
      running--;
    }
  },
});

async function runJob(job: ToWorker, ctx: ReplyContext<RunProgress>): Promise<ExecuteResult> {
  // Glue state is the instantiate() call's own, but jco's task bookkeeping is not known to be: one instantiation at a time.
  await ahead.settled();
  if (job.modules) modulesByKey.set(job.key, job.modules);
  const modules = modulesByKey.get(job.key);
  if (!modules) throw new Error(`the run worker holds no modules for ${job.key}`);
  // Node keeps an imported module by URL: a second run of this glue does not import it again.
  // Glue state lives in each instantiate() call, not in the module.
  const glue = (await import(job.glueUrl)) as { instantiate: Instantiate };
  const linked = await linkedMembers(job.linked ?? [], (url) => import(url) as Promise<{ instantiate: Instantiate }>, modulesByKey);
  const engine: JobEngine = { name: 'node', shim: nodeShim, instantiate: glue.instantiate, now: () => performance.now(), post: (p) => ctx.progress(p), linked, kept, ahead };
  const result = await executeJob({ ...job, modules }, engine);
  // The reply goes out first; the next request's instance is made while this worker waits for it.
  if (result.error === null) setTimeout(() => running === 0 && prepareAhead({ ...job, modules }, engine), 0);
  return result;
}
