import { executeJob, linkedMembers, type RunProgress } from '../../src-shared/engine/run-job';
import { diffTrees } from '../../src-shared/engine/snapshot-diff';
import { KeptInstances } from '../../src-shared/engine/kept-instance';
import type { Instantiate } from '../../src-shared/engine/run-command';
import { responder } from '../../src-shared/protocol/channel';
import { runWorkerSchemas, type RunWorkerProtocol } from './messages';
import { workerScopePort } from './worker-port';
import { browserShim } from './shim';

/**
 * Runs one job at a time for as long as the engine keeps this worker (see the WorkerShelf in
 * run-in-worker.ts); a runaway guest is stopped by terminating the worker, so the UI never waits on it.
 */
/** Imported glue by component hash: importing 300 KB of glue again is most of a warm run's cost. */
const glueByHash = new Map<string, Promise<{ instantiate: Instantiate }>>();
const modulesByKey = new Map<string, Record<string, WebAssembly.Module>>();
/** A handler instance kept after a reuse request it answered, for the next one (src-shared/engine/kept-instance.ts). */
const kept = new KeptInstances();

async function importGlue(hash: string, text: string | null): Promise<{ instantiate: Instantiate }> {
  let glue = glueByHash.get(hash);
  if (!glue) {
    if (text === null) throw new Error(`the run worker holds no glue for ${hash}`);
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    glue = import(/* @vite-ignore */ url).finally(() => URL.revokeObjectURL(url));
    glueByHash.set(hash, glue);
  }
  return glue;
}

responder<RunWorkerProtocol>(workerScopePort(), runWorkerSchemas, {
  async run(job, ctx) {
    if (job.modules) modulesByKey.set(job.key, job.modules);
    const modules = modulesByKey.get(job.key);
    if (!modules) throw new Error(`the run worker holds no modules for ${job.key}`);
    // Glue state lives in each instantiate() call, not in the module: one import serves every run.
    const glue = await importGlue(job.hash, job.glue);
    const linked = await linkedMembers(job.linked ?? [], (g) => importGlue(g.hash, g.text), modulesByKey);
    // The in-memory filesystem changes the snapshot in place: keep the original to show what the guest wrote.
    const before = structuredClone(job.snapshots);
    const post = (p: RunProgress) => ctx.progress(p);
    const linkedBefore = (job.linked ?? []).map((l) => structuredClone(l.snapshots ?? {}));
    const result = await executeJob({ ...job, modules }, { name: 'browser', shim: browserShim, instantiate: glue.instantiate, now: () => performance.now(), post, linked, kept });
    // Every member's read-write mounts may have changed; a member's are its own.
    const changed = (grants: typeof job.grants, was: typeof before, now: typeof before) =>
      grants.mounts.filter((m) => m.mode === 'rw' && was[m.guest] && now[m.guest]).flatMap((m) => diffTrees(m.guest, was[m.guest]!, now[m.guest]!));
    const fsChanges = [...changed(job.grants, before, job.snapshots), ...(job.linked ?? []).flatMap((l, i) => changed(l.grants, linkedBefore[i]!, l.snapshots ?? {}).map((c) => ({ ...c, member: l.name })))];
    return { result, fsChanges };
  },
});
