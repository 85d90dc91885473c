import { workerReusableAfter } from '../../src-shared/engine/execute';
import { compileCapped } from '../../src-shared/engine/compile-modules';
import { memoryUse } from '../../src-shared/engine/memory-limit';
import type { StreamName } from '../../src-shared/engine/output';
import type { Action, Returned } from '../../src-shared/engine/run-command';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { roundMs } from '../../src-shared/timing/phases';
import type { FromRunWorker, ToRunWorker } from './messages';
import RunWorker from './run-worker?worker';

/** Compiled core modules per component hash and memory cap: compiled once, posted to every run's worker. */
const compiled = new Map<string, Promise<Compiled>>();
type Compiled = Awaited<ReturnType<typeof compileCapped<WebAssembly.Module>>>;
const running = new Map<string, (why: 'stopped' | 'timedOut') => void>();
/** Stops that arrived while the run was still compiling: honoured before it starts. */
const stopEarly = new Set<string>();

function compileAll(a: ComponentArtifacts, maxMemoryMiB: number): Promise<Compiled> {
  const key = `${a.hash}:${maxMemoryMiB}`;
  let p = compiled.get(key);
  if (!p) {
    p = compileCapped<WebAssembly.Module>(a.modules, maxMemoryMiB, () => performance.now());
    compiled.set(key, p);
    p.catch(() => compiled.delete(key));
  }
  return p;
}

/** A run worker and what it already holds from earlier runs. */
interface HeldWorker {
  worker: Worker;
  /** Components whose glue it has imported (by hash), and compiled-module sets it was sent (by hash and memory cap). */
  glue: Set<string>;
  modules: Set<string>;
}

/**
 * Workers waiting for a run, as in the Node runner (src-main/host/runner-process.ts): one is
 * started ahead of the next run (its shim already loaded), and a worker whose run ended normally
 * comes back keeping the glue it imported, so the next run of that component skips importing
 * 300 KB of glue. Run state lives in each instantiate() call and its per-run import object.
 * A worker that was stopped, timed out or failed is terminated, never reused.
 */
const idle: HeldWorker[] = [];
const MAX_IDLE = 2;
const MAX_GLUE = 8;

function takeWorker(hash: string, key: string): HeldWorker {
  let i = idle.findIndex((w) => w.modules.has(key));
  if (i < 0) i = idle.findIndex((w) => w.glue.has(hash));
  if (i < 0) i = idle.length - 1;
  const w = i >= 0 ? idle.splice(i, 1)[0]! : { worker: new RunWorker(), glue: new Set<string>(), modules: new Set<string>() };
  if (idle.length === 0) idle.push({ worker: new RunWorker(), glue: new Set(), modules: new Set() });
  return w;
}

function giveBack(w: HeldWorker): void {
  w.worker.onmessage = null;
  w.worker.onerror = null;
  if (w.glue.size > MAX_GLUE || w.modules.size > MAX_GLUE) return void w.worker.terminate();
  idle.push(w);
  while (idle.length > MAX_IDLE) idle.shift()!.worker.terminate();
}

/** Runs a command component in a Web Worker of its own, with the same shared engine code as the Node runner. */
export async function runInBrowser(
  runId: string,
  artifacts: ComponentArtifacts,
  settings: RunSettings,
  onOutput: (stream: StreamName, text: string) => void,
  action?: Action,
): Promise<RunResult & { returned?: Returned }> {
  const cold = !compiled.has(`${artifacts.hash}:${settings.limits.maxMemoryMiB}`);
  const { modules, each: compiledEach, ms: compileMs } = await compileAll(artifacts, settings.limits.maxMemoryMiB);
  if (stopEarly.delete(runId)) {
    return { engine: 'browser', exitCode: null, stdout: '', stderr: '', timedOut: false, stopped: true, error: 'stopped by the user before it started', timings: {}, trace: [] };
  }
  // Phases this run paid for: transpile (on the host) and compile only when they were not cached.
  const paid = {
    ...(artifacts.transpileMs !== null ? { transpile: artifacts.transpileMs } : {}),
    ...(cold ? { compile: roundMs(compileMs) } : {}),
  };
  const key = `${artifacts.hash}:${settings.limits.maxMemoryMiB}`;
  const held = takeWorker(artifacts.hash, key);
  const { worker } = held;
  const partial = { stdout: '', stderr: '' };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<RunResult, 'engine'> & { returned?: Returned }, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(runId);
      if (reusable) giveBack(held);
      else worker.terminate();
      resolve({ engine: 'browser', ...r });
    };
    const killed = (why: 'stopped' | 'timedOut') =>
      finish({
        ...partial,
        exitCode: null,
        timedOut: why === 'timedOut',
        stopped: why === 'stopped',
        error: why === 'timedOut' ? `timed out after ${settings.limits.timeoutMs} ms` : 'stopped by the user',
        timings: {},
        trace: [],
      });
    const timer = setTimeout(() => killed('timedOut'), settings.limits.timeoutMs);
    running.set(runId, killed);
    worker.onmessage = (e: MessageEvent<FromRunWorker>) => {
      const m = e.data;
      if (m.type === 'output') {
        partial[m.stream] += m.text;
        onOutput(m.stream, m.text);
        return;
      }
      const { exitCode, error, stdout, stderr, timings: { compile: _lookup, ...timings }, trace, returned, truncated, memoryBytes } = m.result;
      held.glue.add(artifacts.hash);
      held.modules.add(key);
      finish({
        exitCode,
        error,
        stdout,
        stderr,
        timedOut: false,
        stopped: false,
        // The worker's compile is a lookup of modules compiled here, once per component.
        timings: { ...paid, ...timings },
        trace,
        returned,
        truncated,
        ...(cold ? { compiled: compiledEach } : {}),
        ...(memoryBytes > 0 ? { memory: memoryUse(memoryBytes, settings.limits.maxMemoryMiB) } : {}),
        fsChanges: m.fsChanges,
      }, workerReusableAfter(m.result));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      finish({ ...partial, exitCode: null, timedOut: false, stopped: false, error: `the run worker failed: ${e.message}`, timings: {}, trace: [] });
    };
    // Glue text and compiled modules go to a worker once; it keeps them for its later runs.
    const job: ToRunWorker = {
      hash: artifacts.hash,
      glue: held.glue.has(artifacts.hash) ? null : artifacts.glue,
      key,
      modules: held.modules.has(key) ? null : modules,
      grants: settings.grants, snapshots: settings.snapshots, maxOutputBytes: settings.limits.maxOutputBytes, trace: settings.trace, action };
    worker.postMessage(job);
  });
}

export function stopBrowserRun(runId: string): boolean {
  const kill = running.get(runId);
  if (kill) kill('stopped');
  else stopEarly.add(runId);
  return true;
}
