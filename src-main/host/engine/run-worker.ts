import { parentPort } from 'node:worker_threads';
import { executeJob, linkedMembers } from '../../../src-shared/engine/run-job';
import { KeptInstances } from '../../../src-shared/engine/kept-instance';
import type { Instantiate } from '../../../src-shared/engine/run-command';
import { responder } from '../../../src-shared/protocol/channel';
import { parentThreadPort } from '../../channel-ports';
import { runWorkerSchemas, type RunWorkerProtocol } from './messages';
import { nodeShim } from './shim';

/**
 * Runs one job at a time, for as long as the runner keeps this worker: the runner keeps workers
 * started (shim already loaded) and gives a worker back after a run that ended normally, so a
 * later run of the same component finds its glue imported and its modules here. A runaway guest
 * is stopped by terminating the worker.
 */
const modulesByKey = new Map<string, Record<string, WebAssembly.Module>>();
/** A handler instance kept after a reuse request it answered, for the next one (src-shared/engine/kept-instance.ts). */
const kept = new KeptInstances();

responder<RunWorkerProtocol>(parentThreadPort(parentPort!), runWorkerSchemas, {
  async run(job, ctx) {
    if (job.modules) modulesByKey.set(job.key, job.modules);
    const modules = modulesByKey.get(job.key);
    if (!modules) throw new Error(`the run worker holds no modules for ${job.key}`);
    // Node keeps an imported module by URL: a second run of this glue does not import it again.
    // Glue state lives in each instantiate() call, not in the module.
    const glue = (await import(job.glueUrl)) as { instantiate: Instantiate };
    const linked = await linkedMembers(job.linked ?? [], (url) => import(url) as Promise<{ instantiate: Instantiate }>, modulesByKey);
    return executeJob({ ...job, modules }, { name: 'node', shim: nodeShim, instantiate: glue.instantiate, now: () => performance.now(), post: (p) => ctx.progress(p), linked, kept });
  },
});
