import { executeJob } from '../../src-shared/engine/run-job';
import { diffTrees } from '../../src-shared/engine/snapshot-diff';
import type { Instantiate } from '../../src-shared/engine/run-command';
import type { FromRunWorker, ToRunWorker } from './messages';
import { browserShim } from './shim';

/** One run per Web Worker, so a runaway guest is stopped by terminating the worker and the UI never waits on it. */
const post = (m: FromRunWorker) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (event: MessageEvent<ToRunWorker>) => {
  const job = event.data;
  const url = URL.createObjectURL(new Blob([job.glue], { type: 'text/javascript' }));
  let glue: { instantiate: Instantiate };
  try {
    glue = await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
  // The in-memory filesystem changes the snapshot in place: keep the original to show what the guest wrote.
  const before = structuredClone(job.snapshots);
  const result = await executeJob(job, {
    name: 'browser',
    shim: browserShim,
    instantiate: glue.instantiate,
    now: () => performance.now(),
    onOutput: (stream, text) => post({ type: 'output', stream, text }),
  });
  const fsChanges = job.grants.mounts
    .filter((m) => m.mode === 'rw' && before[m.guest] && job.snapshots[m.guest])
    .flatMap((m) => diffTrees(m.guest, before[m.guest]!, job.snapshots[m.guest]!));
  post({ type: 'done', result, fsChanges });
};
