import { workerReusableAfter } from '../../src-shared/engine/execute';
import { endedRun, stoppedBeforeStart } from '../../src-shared/engine/ended-run';
import { RunSupervisor } from '../../src-shared/engine/run-supervisor';
import { newRunJournal } from '../../src-shared/engine/run-journal';
import { WorkerShelf } from '../../src-shared/engine/worker-shelf';
import { noticeOf, ReuseRefusals } from '../../src-shared/engine/kept-instance';
import { compileCapped } from '../../src-shared/engine/compile-modules';
import { runResult } from '../../src-shared/engine/run-result';
import type { StreamName } from '../../src-shared/engine/output';
import type { Action, Returned } from '../../src-shared/engine/run-command';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import type { PreparedComponent, RunHooks } from '../../src-shared/engine/engine';
import { roundMs, type PhaseTimings } from '../../src-shared/timing/phases';
import { requester } from '../../src-shared/protocol/channel';
import type { RunProgress } from '../../src-shared/engine/run-job';
import { runWorkerSchemas, type RunWorkerProtocol, type ToWorker } from './messages';
import { webWorkerPort } from './worker-port';
import RunWorker from './run-worker?worker';

/** Compiled core modules per component hash and memory cap: compiled once, posted to every run's worker. */
const compiled = new Map<string, Promise<Compiled>>();
type Compiled = Awaited<ReturnType<typeof compileCapped<WebAssembly.Module>>>;
const supervisor = new RunSupervisor();
/** Components whose handler cannot answer twice from one instance: their reuse requests are served fresh. */
const reuseRefusals = new ReuseRefusals();

export function compileAll(a: ComponentArtifacts, maxMemoryMiB: number): Promise<Compiled> {
  const key = `${a.hash}:${maxMemoryMiB}`;
  let p = compiled.get(key);
  if (!p) {
    p = compileCapped(a.modules, maxMemoryMiB, () => performance.now(), (bytes) => WebAssembly.compile(bytes as BufferSource));
    compiled.set(key, p);
    p.catch(() => compiled.delete(key));
  }
  return p;
}

/** Workers waiting for a run, kept as the Node runner keeps its own (src-shared/engine/worker-shelf.ts). */
const shelf = new WorkerShelf<Worker>({
  start: () => new RunWorker(),
  terminate: (worker) => worker.terminate(),
});

/** Runs a component in a Web Worker of its own, with the same shared engine code as the Node runner (src-main/host/engine/run-in-worker.ts). */
export async function runInWorker(
  runId: string,
  artifacts: ComponentArtifacts,
  settings: RunSettings,
  onOutput: (stream: StreamName, text: string) => void,
  action?: Action,
  /** Hears the phases done so far (transpile, compile, instantiate) as the guest starts running. */
  onPhases?: (timings: PhaseTimings) => void,
  /** In a composition: the members to instantiate first. */
  link?: PreparedComponent['link'],
  onCalls?: RunHooks['onCalls'],
): Promise<RunResult & { returned?: Returned }> {
  const maxMemoryMiB = settings.limits.maxMemoryMiB;
  const members = link?.linked ?? [];
  const all = [...members.map((m) => m.artifacts), artifacts];
  const cold = all.some((a) => !compiled.has(`${a.hash}:${maxMemoryMiB}`));
  const each = await Promise.all(all.map((a) => compileAll(a, maxMemoryMiB)));
  const { modules } = each.at(-1)!;
  if (supervisor.stoppedBeforeStart(runId)) return runResult('browser', stoppedBeforeStart(), maxMemoryMiB);
  // Phases this run paid for: transpile (on the host) and compile only when they were not cached.
  const transpiled = all.filter((a) => a.transpileMs !== null);
  const paid = {
    ...(transpiled.length ? { transpile: roundMs(transpiled.reduce((sum, a) => sum + a.transpileMs!, 0)) } : {}),
    ...(cold ? { compile: roundMs(each.reduce((sum, c) => sum + c.ms, 0)) } : {}),
  };
  const compiledEach = each.flatMap((c) => c.each);
  const key = `${artifacts.hash}:${settings.limits.maxMemoryMiB}`;
  const held = shelf.take(artifacts.hash, key);
  const { worker } = held;
  // Output posted so far streams to the pane; on a kill the result is read from the run's journal.
  const partial = { stdout: '', stderr: '' };
  const journal = newRunJournal(settings.limits.maxOutputBytes);
  // One channel per run: closed as the worker goes back to the shelf or is terminated, so a later run hears only its own replies.
  const calls = requester<RunWorkerProtocol>(webWorkerPort(worker, 'the run worker'), runWorkerSchemas, {
    error: (code, message) => new Error(code === 'disconnected' ? message : `the run worker failed: ${message}`),
  });
  const supervised = supervisor.supervise<RunResult & { returned?: Returned }>(
    runId,
    settings.limits.timeoutMs,
    {
      giveBack: () => {
        calls.close();
        shelf.giveBack(held);
      },
      terminate: () => {
        calls.close();
        worker.terminate();
      },
    },
    (why) => {
      const r = endedRun('browser', journal, partial, why);
      const { compile: _lookup, ...ran } = r.timings;
      return runResult('browser', { ...r, timings: { ...paid, ...ran } }, settings.limits.maxMemoryMiB);
    },
  );
  const onProgress = (m: RunProgress) => {
    if (m.type === 'output') {
      partial[m.stream] += m.text;
      onOutput(m.stream, m.text);
    } else if (m.type === 'calls') onCalls?.(m.calls);
    else {
      const { compile: _lookup, ...timings } = m.timings;
      onPhases?.({ ...paid, ...timings });
    }
  };
  // Glue text and compiled modules go to a worker once; it keeps them for its later runs.
  const job: ToWorker = {
    hash: artifacts.hash,
    glue: held.glue.has(artifacts.hash) ? null : artifacts.glue,
    key,
    modules: held.modules.has(key) ? null : modules,
    grants: settings.grants, snapshots: settings.snapshots, maxOutputBytes: settings.limits.maxOutputBytes, trace: settings.trace, journal,
    ...(action ? { action: reuseRefusals.action(artifacts.hash, action) } : {}),
    ...(link ? { link: { member: link.member, wires: link.wires }, linked: linkedJobs(members, each, held, maxMemoryMiB) } : {}),
  };
  calls.request('run', job, { onProgress }).then(
    ({ result: done, fsChanges }) => {
      const { compile: _lookup, ...timings } = done.timings;
      for (const a of all) {
        held.glue.add(a.hash);
        held.modules.add(`${a.hash}:${maxMemoryMiB}`);
      }
      // The worker's compile is a lookup of modules compiled here, once per component.
      const result = { ...done, ...noticeOf(reuseRefusals.heard(artifacts.hash, done.instance)), timings: { ...paid, ...timings }, timedOut: false, stopped: false, ...(cold ? { compiled: compiledEach } : {}) };
      supervised.finish({ ...runResult('browser', result, settings.limits.maxMemoryMiB), fsChanges }, workerReusableAfter(done));
    },
    // The worker failed or could not be read (a Stop or the time limit ended the run first, and this changes nothing).
    (err: Error) => supervised.end({ by: 'lost', error: err.message }),
  );
  return supervised.result;
}

export function stopRun(runId: string): boolean {
  supervisor.stop(runId);
  return true;
}

/** The linked members as the worker receives them: glue text and modules only where this worker lacks them. */
function linkedJobs(members: NonNullable<PreparedComponent['link']>['linked'], each: Compiled[], held: { glue: Set<string>; modules: Set<string> }, maxMemoryMiB: number): ToWorker['linked'] {
  return members.map((m, i) => {
    const key = `${m.artifacts.hash}:${maxMemoryMiB}`;
    return {
      name: m.name,
      glue: { hash: m.artifacts.hash, text: held.glue.has(m.artifacts.hash) ? null : m.artifacts.glue },
      key,
      modules: held.modules.has(key) ? null : each[i]!.modules,
      grants: m.grants,
      snapshots: m.snapshots ?? {},
      wires: m.wires,
    };
  });
}
