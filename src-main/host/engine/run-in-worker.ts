import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { NO_SPARE_WORKER_ARG, runWorkerSchemas, type RunParams, type RunReply, type RunWorkerProtocol, type ToWorker } from './messages';
import { stoppedReply } from './stopped';
import { compileCapped, type ModuleCompile } from '../../../src-shared/engine/compile-modules';
import { workerReusableAfter } from '../../../src-shared/engine/execute';
import { endedRun } from '../../../src-shared/engine/ended-run';
import { RunSupervisor } from '../../../src-shared/engine/run-supervisor';
import { newRunJournal } from '../../../src-shared/engine/run-journal';
import { WorkerShelf } from '../../../src-shared/engine/worker-shelf';
import { noticeOf, ReuseRefusals } from '../../../src-shared/engine/kept-instance';
import { roundMs, type PhaseTimings } from '../../../src-shared/timing/phases';
import type { RunProgress } from '../../../src-shared/engine/run-job';
import { requester } from '../../../src-shared/protocol/channel';
import { workerPort } from '../../channel-ports';
import type { transpileComponent } from './transpile';

/**
 * Runs in the runner process (runner-process.ts): each run in a worker thread of its own, under
 * the shared RunSupervisor; the browser engine's run-in-worker.ts does the same with Web Workers.
 */
// QuickJS components (componentize-qjs, sync output) use extended constant expressions, on by
// default from Node 22 (and in Chromium) but behind a flag in Node 20. Set before any compile.
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');
// Every instantiation makes the glue's thousands of closures anew, and V8 optimizes each new
// closure again once it has run a little (TurboFan on background threads: ~4 compiles per
// instance of http-hello, 6 ms of its 40 ms of CPU). A budget 15x the default (67,584 bytes of
// bytecode) leaves the short-lived closures to the interpreter and baseline code, and still
// optimizes what runs long (a guest's hot import loop). Measured per request, serve of
// samples/http-hello: 36-41 -> 28-30 ms of CPU in the runner and serve processes together.
setFlagsFromString('--interrupt-budget=1000000');

const glueDir = mkdtempSync(join(tmpdir(), 'component-studio-glue-'));
process.on('exit', () => rmSync(glueDir, { recursive: true, force: true }));

/** Transpile results by component hash (filled by the runner process as it is asked to transpile). */
export const transpiled = new Map<string, ReturnType<typeof transpileComponent>>();

interface Prepared {
  glueUrl: string;
  modules: Record<string, WebAssembly.Module>;
  compileMs: number;
  compiledEach: ModuleCompile[];
}
const prepared = new Map<string, Promise<Prepared>>();
const supervisor = new RunSupervisor();
/** Components whose handler cannot answer twice from one instance: their reuse requests are served fresh. */
const reuseRefusals = new ReuseRefusals();

/**
 * Small modules compile synchronously. An asynchronous compile waits in V8's background queue
 * behind the tier-up of jco's own transpiler (which just ran in this process): measured 273 ms
 * for hello-c's 28 KiB module, against 0.7 ms synchronously. Large ones stay asynchronous so a
 * Stop is never kept waiting long.
 */
const compileModule = (bytes: Uint8Array): WebAssembly.Module | Promise<WebAssembly.Module> =>
  bytes.length <= 4 * 1024 * 1024 ? new WebAssembly.Module(bytes) : WebAssembly.compile(bytes);

/** Glue written once per component; modules compiled once per component and memory cap. */
function prepare(hash: string, maxMemoryMiB: number): Promise<Prepared> {
  const key = `${hash}:${maxMemoryMiB}`;
  let p = prepared.get(key);
  if (!p) {
    const t = transpiled.get(hash);
    if (!t) throw new Error('component not transpiled in this runner');
    p = t.then(async ({ glue, modules }) => {
      const file = join(glueDir, `${hash}.mjs`);
      writeFileSync(file, glue);
      const compiled = await compileCapped(modules, maxMemoryMiB, () => performance.now(), compileModule);
      return { glueUrl: pathToFileURL(file).href, modules: compiled.modules, compileMs: compiled.ms, compiledEach: compiled.each };
    });
    prepared.set(key, p);
    p.catch(() => prepared.delete(key));
  }
  return p;
}

const workerUrl = new URL('./run-worker.js', import.meta.url);

/**
 * Idle workers kept: as many as `serve` handles requests at once by default (--max-concurrent 4),
 * so a burst of requests finds workers with the glue imported and the modules sent, plus the spare
 * the shelf starts when the last idle one is taken. With two, every burst of four started two fresh
 * workers (measured 570-1050 ms for their first request, against 50-350 ms in a worker that had
 * served one) and terminated them after. With four, four requests in flight took the last idle
 * worker, the shelf started a spare, and the spare (or a warm worker) was terminated as the four
 * came back: 6-12 threads started per 200 requests at concurrency 4, none with five.
 */
const MAX_IDLE_WORKERS = 5;

const shelf: WorkerShelf<Worker> = new WorkerShelf({
  start() {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.on('exit', () => shelf.forget(worker));
    return worker;
  },
  terminate: (worker) => void worker.terminate(),
  taken: (worker) => worker.ref(),
  returned: (worker) => worker.unref(),
}, { maxIdle: MAX_IDLE_WORKERS, spare: !process.argv.includes(NO_SPARE_WORKER_ARG) });
shelf.warm();

/** Runs one job in a worker; output and phases go to the studio with `progress` as they come. */
export async function runInWorker(m: RunParams, progress: (p: RunProgress) => void): Promise<RunReply> {
  const key = `${m.hash}:${m.maxMemoryMiB}`;
  const members = m.link?.linked ?? [];
  const cold = [m, ...members].some((c) => !prepared.has(`${c.hash}:${m.maxMemoryMiB}`));
  const { glueUrl, modules, compileMs, compiledEach } = await prepare(m.hash, m.maxMemoryMiB);
  const linked = await Promise.all(members.map(async (c) => ({ c, p: await prepare(c.hash, m.maxMemoryMiB) })));
  if (supervisor.stoppedBeforeStart(m.runId)) return stoppedReply();
  const started = performance.now();
  const held = shelf.take(glueUrl, key);
  const { worker } = held;
  const reused = held.glue.has(glueUrl);
  // Output posted so far streams to the pane; on a kill the result is read from the run's journal.
  const partial = { stdout: '', stderr: '' };
  const journal = newRunJournal(m.maxOutputBytes);
  // The worker's "compile" is a lookup of modules compiled here: report the real compile, and only when this run paid it.
  const allCompileMs = linked.reduce((sum, l) => sum + l.p.compileMs, compileMs);
  const paid = ({ compile: _lookup, ...timings }: PhaseTimings): PhaseTimings => (cold ? { compile: roundMs(allCompileMs), ...timings } : timings);
  const reply = (r: Omit<RunReply, 'workerMs' | 'reusedWorker'>): RunReply => ({ ...r, workerMs: performance.now() - started, reusedWorker: reused });
  // One channel per run: closed as the worker goes back to the shelf or is terminated, so a later run hears only its own replies.
  const calls = requester<RunWorkerProtocol>(workerPort(worker, 'the run worker'), runWorkerSchemas, {
    error: (code, message) => new Error(code === 'disconnected' ? message : `the run worker failed: ${message}`),
  });
  const supervised = supervisor.supervise(
    m.runId,
    m.timeoutMs,
    {
      giveBack: () => {
        calls.close();
        shelf.giveBack(held);
      },
      terminate: () => {
        calls.close();
        void worker.terminate();
      },
    },
    (why) => {
      const r = endedRun('node', journal, partial, why);
      return reply({ ...r, timings: paid(r.timings) });
    },
  );
  const onProgress = (p: RunProgress) => {
    if (p.type === 'output') partial[p.stream] += p.text;
    progress(p.type === 'phases' ? { type: 'phases', timings: paid(p.timings) } : p);
  };
  // Compiled modules go to a worker once; it keeps them by key for its later runs.
  const linkedJobs = linked.map(({ c, p }) => {
    const k = `${c.hash}:${m.maxMemoryMiB}`;
    return { name: c.name, glue: p.glueUrl, key: k, modules: held.modules.has(k) ? null : p.modules, grants: c.grants, wires: c.wires };
  });
  const job: ToWorker = {
    glueUrl,
    key,
    modules: held.modules.has(key) ? null : modules,
    grants: m.grants,
    maxOutputBytes: m.maxOutputBytes,
    trace: m.trace,
    journal,
    ...(m.action ? { action: reuseRefusals.action(m.hash, m.action) } : {}),
    ...(m.link ? { link: { member: m.link.member, wires: m.link.wires }, linked: linkedJobs } : {}),
  };
  calls.request('run', job, { onProgress }).then(
    (result) => {
      held.glue.add(glueUrl);
      held.modules.add(key);
      for (const l of linkedJobs) held.modules.add(l.key);
      supervised.finish(
        reply({ ...result, ...noticeOf(reuseRefusals.heard(m.hash, result.instance)), timings: paid(result.timings), ...(cold ? { compiled: [...linked.flatMap((l) => l.p.compiledEach), ...compiledEach] } : {}), timedOut: false, stopped: false }),
        workerReusableAfter(result),
      );
    },
    // The worker died or failed (a Stop or the time limit ended the run first, and this changes nothing).
    (err: Error) => supervised.end({ by: 'lost', error: err.message }),
  );
  return supervised.result;
}


/** Stops a run in flight, or the run with this id when it starts. */
export function stopRun(runId: string): void {
  supervisor.stop(runId);
}

export const runsInFlight = (): number => supervisor.active;
