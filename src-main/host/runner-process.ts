import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { FromRunner, FromWorker, RunReply, ToRunner, ToWorker } from './messages';
import { stoppedBeforeStart } from './stopped';
import { compileCapped, type ModuleCompile } from '../../src-shared/engine/compile-modules';
import { nothingRan, workerReusableAfter } from '../../src-shared/engine/execute';
import { roundMs } from '../../src-shared/timing/phases';
import { transpileComponent } from './transpile';

/**
 * The runner: a child process that owns transpiled glue and compiled modules, and runs each
 * component in a worker thread of its own. Nothing a guest does reaches the studio's process.
 */
// QuickJS components (componentize-qjs, sync output) use extended constant expressions, on by
// default from Node 22 (and in Chromium) but behind a flag in Node 20. Set before any compile.
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');

const send = (m: FromRunner) => process.send!(m);
const glueDir = mkdtempSync(join(tmpdir(), 'component-studio-glue-'));
process.on('exit', () => rmSync(glueDir, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

interface Prepared {
  glueUrl: string;
  modules: Record<string, WebAssembly.Module>;
  compileMs: number;
  compiledEach: ModuleCompile[];
}
const prepared = new Map<string, Promise<Prepared>>();
const transpiled = new Map<string, ReturnType<typeof transpileComponent>>();
const running = new Map<string, (why: 'stopped' | 'timedOut') => void>();
/** Stops that arrived while their run was still being prepared: honoured as soon as it would start. */
const stopEarly = new Set<string>();

/** Transpiles once per component; `fresh` tells the caller whether this request paid for it. */
async function transpileOnce(hash: string, name: string, bytes: Uint8Array) {
  let t = transpiled.get(hash);
  const fresh = !t;
  if (!t) {
    t = transpileComponent(bytes, name);
    transpiled.set(hash, t);
    t.catch(() => transpiled.delete(hash));
  }
  return { ...(await t), fresh };
}

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
      const compiled = await compileCapped<WebAssembly.Module>(modules, maxMemoryMiB, () => performance.now());
      return { glueUrl: pathToFileURL(file).href, modules: compiled.modules, compileMs: compiled.ms, compiledEach: compiled.each };
    });
    prepared.set(key, p);
    p.catch(() => prepared.delete(key));
  }
  return p;
}

const workerUrl = new URL('./run-worker.js', import.meta.url);

/** A run worker and what it already holds from earlier runs. */
interface RunWorker {
  worker: Worker;
  /** Glue modules it has imported (by URL) and compiled-module sets it was sent (by hash and memory cap). */
  glue: Set<string>;
  modules: Set<string>;
}

/**
 * Workers waiting for a run. A worker whose run ended normally comes back here and keeps the glue
 * it imported and the JIT's work, so the next run of that component skips both. All of a run's
 * state lives in the glue's instantiate() call and the per-run import object, so nothing of one
 * run reaches the next (src-main/services/studio.test.ts checks this). A worker that was
 * stopped, timed out, crashed, or whose run failed is terminated, never reused.
 */
const idle: RunWorker[] = [];
/** Two: one kept warm from the last run, one for a run that starts while another is going. */
const MAX_IDLE = 2;
/** Imported glue and sent modules are never dropped: a worker that holds more than this many is retired. */
const MAX_GLUE = 8;

function startWorker(): RunWorker {
  const w: RunWorker = { worker: new Worker(workerUrl), glue: new Set(), modules: new Set() };
  w.worker.unref();
  w.worker.on('exit', () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  return w;
}

function takeWorker(glueUrl: string, key: string): RunWorker {
  let i = idle.findIndex((w) => w.modules.has(key));
  if (i < 0) i = idle.findIndex((w) => w.glue.has(glueUrl));
  if (i < 0) i = idle.length - 1;
  const w = i >= 0 ? idle.splice(i, 1)[0]! : startWorker();
  // A run that starts while this one goes on still finds a worker with its shim loaded.
  if (idle.length === 0) idle.push(startWorker());
  w.worker.ref();
  return w;
}

function giveBack(w: RunWorker): void {
  w.worker.removeAllListeners('message');
  w.worker.removeAllListeners('error');
  w.worker.unref();
  if (w.glue.size > MAX_GLUE || w.modules.size > MAX_GLUE) return void w.worker.terminate();
  idle.push(w);
  while (idle.length > MAX_IDLE) void idle.shift()!.worker.terminate();
}
idle.push(startWorker());

async function run(m: Extract<ToRunner, { type: 'run' }>): Promise<RunReply> {
  const key = `${m.hash}:${m.maxMemoryMiB}`;
  const cold = !prepared.has(key);
  const { glueUrl, modules, compileMs, compiledEach } = await prepare(m.hash, m.maxMemoryMiB);
  if (stopEarly.delete(m.runId)) return stoppedBeforeStart();
  const started = performance.now();
  const held = takeWorker(glueUrl, key);
  const { worker } = held;
  const reused = held.glue.has(glueUrl);
  return new Promise<RunReply>((resolve) => {
    let settled = false;
    const finish = (r: Omit<RunReply, 'workerMs' | 'reusedWorker'>, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(m.runId);
      worker.off('exit', exited);
      if (reusable) giveBack(held);
      else void worker.terminate();
      resolve({ ...r, workerMs: performance.now() - started, reusedWorker: reused });
    };
    // What the guest printed before a kill is kept: it is often the clue to why it hung.
    const partial = { stdout: '', stderr: '' };
    const empty = nothingRan(null);
    const kill = (why: 'stopped' | 'timedOut') =>
      finish({
        ...empty,
        ...partial,
        error: why === 'timedOut' ? `timed out after ${m.timeoutMs} ms` : 'stopped by the user',
        timedOut: why === 'timedOut',
        stopped: why === 'stopped',
      });
    const timer = setTimeout(() => kill('timedOut'), m.timeoutMs);
    running.set(m.runId, kill);
    const exited = () => finish({ ...empty, ...partial, error: 'the run worker exited unexpectedly', timedOut: false, stopped: false });
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'output') {
        partial[msg.stream] += msg.text;
        send({ type: 'output', runId: m.runId, stream: msg.stream, text: msg.text });
      }
      else {
        // The worker's "compile" is a lookup of modules compiled here: report the real compile, and only when this run paid it.
        const { compile: _lookup, ...timings } = msg.result.timings;
        held.glue.add(glueUrl);
        held.modules.add(key);
        finish(
          { ...msg.result, timings: cold ? { compile: roundMs(compileMs), ...timings } : timings, ...(cold ? { compiled: compiledEach } : {}), timedOut: false, stopped: false },
          workerReusableAfter(msg.result),
        );
      }
    });
    worker.on('error', (err) => finish({ ...empty, ...partial, error: `the run worker failed: ${err.message}`, timedOut: false, stopped: false }));
    worker.on('exit', exited);
    // Compiled modules go to a worker once; it keeps them by key for its later runs.
    const job: ToWorker = { glueUrl, key, modules: held.modules.has(key) ? null : modules, grants: m.grants, maxOutputBytes: m.maxOutputBytes, trace: m.trace, action: m.action };
    worker.postMessage(job);
  });
}

process.on('message', async (m: ToRunner) => {
  try {
    let value: unknown;
    if (m.type === 'transpile') value = await transpileOnce(m.hash, m.name, m.bytes);
    else if (m.type === 'run') value = await run(m);
    else {
      const kill = running.get(m.runId);
      if (kill) kill('stopped');
      else stopEarly.add(m.runId);
      value = true;
    }
    send({ type: 'reply', id: m.id, ok: true, value });
  } catch (err) {
    send({ type: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
