import { parentPort } from 'node:worker_threads';
import { executeJob } from '../../src-shared/engine/run-job';
import type { Instantiate } from '../../src-shared/engine/run-command';
import type { FromWorker, ToWorker } from './messages';
import { nodeShim } from './shim';

/**
 * One run per worker: the runner keeps a spare worker started (shim already loaded) so a run
 * pays no start-up, and terminates it to stop a runaway guest.
 */
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

port.once('message', async (job: ToWorker) => {
  const glue = (await import(job.glueUrl)) as { instantiate: Instantiate };
  const result = await executeJob(job, {
    name: 'node',
    shim: nodeShim,
    instantiate: glue.instantiate,
    now: () => performance.now(),
    onOutput: (stream, text) => send({ type: 'output', stream, text }),
  });
  send({ type: 'done', result });
});
