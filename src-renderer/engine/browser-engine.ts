import { capMemory, memoryUse, mibToPages } from '../../src-shared/engine/memory-limit';
import type { StreamName } from '../../src-shared/engine/output';
import type { Action, Returned } from '../../src-shared/engine/run-command';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { roundMs } from '../../src-shared/timing/phases';
import type { FromRunWorker, ToRunWorker } from './messages';
import RunWorker from './run-worker?worker';

/** Compiled core modules per component hash and memory cap: compiled once, posted to every run's worker. */
const compiled = new Map<string, Promise<Record<string, WebAssembly.Module>>>();
const running = new Map<string, (why: 'stopped' | 'timedOut') => void>();
/** Stops that arrived while the run was still compiling: honoured before it starts. */
const stopEarly = new Set<string>();

function compileAll(a: ComponentArtifacts, maxMemoryMiB: number): Promise<Record<string, WebAssembly.Module>> {
  const key = `${a.hash}:${maxMemoryMiB}`;
  let p = compiled.get(key);
  if (!p) {
    p = (async () => {
      const out: Record<string, WebAssembly.Module> = {};
      const pages = mibToPages(maxMemoryMiB);
      for (const [name, bytes] of Object.entries(a.modules)) out[name] = await WebAssembly.compile(capMemory(bytes, pages).bytes as BufferSource);
      return out;
    })();
    compiled.set(key, p);
    p.catch(() => compiled.delete(key));
  }
  return p;
}

/**
 * A worker started ahead of the next run (its shim already loaded), as the Node runner keeps one:
 * a run takes it and starts the next. Every run still gets a worker of its own.
 */
let spare: Worker | null = null;
function takeWorker(): Worker {
  const w = spare ?? new RunWorker();
  spare = new RunWorker();
  return w;
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
  const t0 = performance.now();
  const modules = await compileAll(artifacts, settings.limits.maxMemoryMiB);
  const compileMs = performance.now() - t0;
  if (stopEarly.delete(runId)) {
    return { engine: 'browser', exitCode: null, stdout: '', stderr: '', timedOut: false, stopped: true, error: 'stopped by the user before it started', timings: {}, trace: [] };
  }
  // Phases this run paid for: transpile (on the host) and compile only when they were not cached.
  const paid = {
    ...(artifacts.transpileMs !== null ? { transpile: artifacts.transpileMs } : {}),
    ...(cold ? { compile: roundMs(compileMs) } : {}),
  };
  const worker = takeWorker();
  const partial = { stdout: '', stderr: '' };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<RunResult, 'engine'> & { returned?: Returned }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(runId);
      worker.terminate();
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
        ...(memoryBytes > 0 ? { memory: memoryUse(memoryBytes, settings.limits.maxMemoryMiB) } : {}),
        fsChanges: m.fsChanges,
      });
    };
    worker.onerror = (e) => {
      e.preventDefault();
      finish({ ...partial, exitCode: null, timedOut: false, stopped: false, error: `the run worker failed: ${e.message}`, timings: {}, trace: [] });
    };
    const job: ToRunWorker = { glue: artifacts.glue, modules, grants: settings.grants, snapshots: settings.snapshots, maxOutputBytes: settings.limits.maxOutputBytes, trace: settings.trace, action };
    worker.postMessage(job);
  });
}

export function stopBrowserRun(runId: string): boolean {
  const kill = running.get(runId);
  if (kill) kill('stopped');
  else stopEarly.add(runId);
  return true;
}
